"""What a worklist row comes to, in one word a QA summary counts: paid & not consumed,
consumed, unpaid, failed, consumed on the client (Amazon, Huawei), an error, or pending — and
what this session did to it (consumed here at 13:07, skipped, failed, unknown).

No screen here: the console's table and summary, the CLI's `worklist` and the exports all
read rows through these, so "paid & not consumed" means the same thing everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from console.outcome_category import OutcomeCategory
from console.payments import STORE_RULES, PaymentsError, Store, parse_store

from .outcomes import LookupOutcome
from .worklist import WorklistItem


class Verdict(StrEnum):
    PAID_NOT_CONSUMED = "paid"
    """Paid and not consumed: what QA acts on (consume it, or find why the game did not)."""
    CONSUMED = "consumed"
    UNPAID = "unpaid"
    FAILED = "failed"
    CLIENT_CONSUMED = "client"
    """Paid, from a store whose purchases the game client consumes (Amazon, Huawei): the
    server's "not consumed" is no sign of a stuck purchase there."""
    ERROR = "error"
    """The lookup failed: an error code, a network problem, a token refused before sending."""
    UNKNOWN_STATE = "unknown-state"
    """A reply whose payment state is none of paid, unpaid, failed."""
    PENDING = "pending"
    """Not verified yet (waiting, in flight, or stopped before its turn)."""


VERDICT_WORDS: Final = {
    Verdict.PAID_NOT_CONSUMED: "paid & not consumed",
    Verdict.CONSUMED: "consumed",
    Verdict.UNPAID: "unpaid",
    Verdict.FAILED: "failed",
    Verdict.CLIENT_CONSUMED: "consumed on the client",
    Verdict.ERROR: "errors",
    Verdict.UNKNOWN_STATE: "unknown state",
    Verdict.PENDING: "pending",
}
"""The summary's words for each verdict (plural where it counts rows)."""


def store_of(item: WorklistItem, outcome: LookupOutcome | None) -> Store:
    """The store the row was (or will be) verified as: the lookup's, else its line's."""
    if outcome is not None and outcome.query is not None:
        return outcome.query.store
    try:
        return parse_store(item.store)
    except PaymentsError:  # the line was checked when read; a default, never a crash
        return Store.NOWGG


def verdict_of(item: WorklistItem, outcome: LookupOutcome | None) -> Verdict:
    if outcome is None:
        return Verdict.PENDING
    decoded = outcome.decoded
    # The one category every layer shares (issue 9): anything but OK is an error row.
    if outcome.category is not OutcomeCategory.OK or decoded is None:
        return Verdict.ERROR
    if decoded.is_paid:
        if decoded.is_consumed:
            return Verdict.CONSUMED
        if not STORE_RULES[store_of(item, outcome)].server_consume:
            return Verdict.CLIENT_CONSUMED
        return Verdict.PAID_NOT_CONSUMED
    if decoded.is_unpaid:
        return Verdict.UNPAID
    if decoded.is_failed:
        return Verdict.FAILED
    return Verdict.UNKNOWN_STATE


def is_test_order(outcome: LookupOutcome | None) -> bool:
    return outcome is not None and outcome.decoded is not None and outcome.decoded.is_test_order


def error_code(outcome: LookupOutcome | None) -> str | None:
    """The row's error as a filter matches it: now.gg's code (`3901`), else the failure's
    category (`timeout`, `network`, `http`, `parse`…: console/outcome_category.py)."""
    if outcome is None or outcome.failure is None:
        return None
    failure = outcome.failure
    return str(failure.api_code) if failure.api_code is not None else failure.category.value


def category_of(outcome: LookupOutcome | None) -> OutcomeCategory | None:
    """How the row's last verify ended (None: not verified yet)."""
    return outcome.category if outcome is not None else None


class ActKind(StrEnum):
    CONSUMED = "consumed"
    FAILED = "failed"
    """Sent, and now.gg refused it or it was found not consumed: nothing changed."""
    UNKNOWN = "unknown"
    """Sent, and whether it went through is not known: settle with `history resolve`."""
    SKIPPED = "skipped"
    """Not sent: a guard refused it (the reason says which), or the run stopped first."""


@dataclass(frozen=True)
class SessionAct:
    """What this session did to a row: the last consume asked of it."""

    kind: ActKind
    at: datetime
    detail: str = ""
    """Why it was skipped or failed, in words; empty for a consume that went through."""
    history_entry: int | None = None

    def words(self) -> str:
        """`consumed here at 13:07`, `skipped: already consumed`…"""
        when = self.at.astimezone().strftime("%H:%M")
        if self.kind is ActKind.CONSUMED:
            return f"consumed here at {when}"
        if self.kind is ActKind.UNKNOWN:
            return f"consume at {when}: outcome unknown"
        prefix = "consume failed" if self.kind is ActKind.FAILED else "skipped"
        return f"{prefix}: {self.detail}" if self.detail else prefix


def consumed_words(verdict: Verdict, act: SessionAct | None) -> str:
    """A consumed row tells apart what this session did from what it found."""
    if act is not None and act.kind is ActKind.CONSUMED:
        return act.words()
    if verdict is Verdict.CONSUMED:
        return "already consumed"
    return ""


@dataclass(frozen=True)
class Summary:
    total: int
    verdicts: Counter[Verdict]
    test_orders: int
    errors: Counter[OutcomeCategory] = field(default_factory=Counter)
    """The error rows by the category of their failure (`api`, `timeout`, `network`…)."""

    def words(self) -> str:
        """`200 rows: 40 paid & not consumed · 50 consumed · … · 12 test orders`; verdicts
        with no row are left out, so the line stays short enough to read."""
        parts = [
            f"{self.verdicts[verdict]} {VERDICT_WORDS[verdict]}"
            for verdict in Verdict
            if self.verdicts[verdict]
        ]
        if self.test_orders:
            parts.append(f"{self.test_orders} test order{'s' if self.test_orders != 1 else ''}")
        head = f"{self.total} row{'s' if self.total != 1 else ''}"
        return f"{head}: {' · '.join(parts)}" if parts else head


def summarise(items: list[WorklistItem], outcomes: list[LookupOutcome | None]) -> Summary:
    verdicts: Counter[Verdict] = Counter(
        verdict_of(item, outcome) for item, outcome in zip(items, outcomes, strict=True)
    )
    tests = sum(1 for outcome in outcomes if is_test_order(outcome))
    errors: Counter[OutcomeCategory] = Counter(
        outcome.category
        for outcome in outcomes
        if outcome is not None and outcome.category is not OutcomeCategory.OK
    )
    return Summary(len(items), verdicts, tests, errors)
