"""Consuming many worklist rows after one confirmation, each row check → act → verify.

`plan_bulk` decides, from the lookups in hand and without a request, which of the chosen rows
would be sent and which skipped, and why — what the one confirmation lists. `consume_rows`
then runs the desk's own consume for each row in turn: a fresh verify through every guard
(`Desk.check_consume`, so a row consumed meanwhile is skipped, not consumed twice), the
consume written ahead and sent once, the proof. There is no second path to the wire.

Rows go one at a time, never in parallel: a stop asked for midway takes effect before the
next consume and never cuts one short, and an operator watching the progress can follow it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from console.history import HistoryEntry, Outcome
from console.payments import PurchaseQuery
from console.settings.environments import Environment

from .desk import Desk
from .outcomes import (
    ConsumeOutcome,
    ConsumePlan,
    ConsumeStatus,
    LookupOutcome,
    Refusal,
    RefusalReason,
)
from .preview import preview_consume
from .recording import write_entry
from .worklist import WorklistItem
from .worklist_verdicts import ActKind, SessionAct
from .write_ahead import WriteAhead

SKIP_WORDS: Final = {
    RefusalReason.READ_ONLY: "read-only environment",
    RefusalReason.CLIENT_SIDE_STORE: "consumed on the client (store)",
    RefusalReason.INVALID_INPUT: "token or store fields refused",
    RefusalReason.MISSING_KEY: "no API key",
    RefusalReason.LOOKUP_FAILED: "lookup failed",
    RefusalReason.UNPAID: "unpaid",
    RefusalReason.FAILED: "payment failed",
    RefusalReason.ALREADY_CONSUMED: "already consumed",
    RefusalReason.UNKNOWN_STATE: "unknown payment state",
    RefusalReason.CONTRADICTORY: "fields contradict each other",
    RefusalReason.HISTORY_UNAVAILABLE: "history unavailable (nothing can be written ahead)",
    RefusalReason.HELD_ELSEWHERE: "another console's consume of it is in flight or unknown",
}
"""A refusal in a few words, for a list of skipped rows (the full message is in the history)."""

STOPPED_WORDS: Final = "stopped before its turn"
STOPPED_NOTE: Final = "bulk consume stopped before this row: nothing was sent"
CANCELLED_REASON: Final = "bulk consume cancelled at the confirmation: nothing was sent"


@dataclass(frozen=True)
class BulkPlan:
    environment: Environment
    to_consume: tuple[int, ...]
    """Row indexes, in table order."""
    skipped: tuple[tuple[int, str], ...]
    """(row index, why) for each chosen row that will not be sent."""
    refusals: tuple[tuple[int, Refusal], ...] = ()
    """The same rows with the refusal that goes on record (`record_skipped`)."""


def plan_bulk(
    environment: Environment,
    items: Sequence[WorklistItem],
    outcomes: Sequence[LookupOutcome | None],
    chosen: Sequence[int],
    write_ahead: WriteAhead | None = None,
) -> BulkPlan:
    """The guards of a consume, over each chosen row's last lookup (no request): the rows to
    send and the rows to skip. Each row sent is still verified afresh by `consume_rows`."""
    consume: list[int] = []
    skipped: list[tuple[int, str]] = []
    refusals: list[tuple[int, Refusal]] = []
    for index in sorted(set(chosen)):
        outcome = outcomes[index]
        if outcome is None or outcome.environment != environment:
            words = (
                "not verified yet" if outcome is None else f"verified on {outcome.environment.name}"
            )
            skipped.append((index, words))
            # No lookup here to judge by: the worklist refuses it as a consume without one.
            message = f"Worklist bulk consume: row {items[index].line} {words}; nothing was sent."
            refusals.append((index, Refusal(RefusalReason.LOOKUP_FAILED, message, False)))
            continue
        preview = preview_consume(
            environment, outcome, store=items[index].store, write_ahead=write_ahead
        )
        if preview.refusal is not None:
            skipped.append((index, SKIP_WORDS.get(preview.refusal.reason, "refused")))
            refusals.append((index, preview.refusal))
        else:
            consume.append(index)
    return BulkPlan(environment, tuple(consume), tuple(skipped), tuple(refusals))


async def record_skipped(
    desk: Desk,
    plan: BulkPlan,
    items: Sequence[WorklistItem],
    outcomes: Sequence[LookupOutcome | None],
    *,
    note: str | None = None,
) -> None:
    """Put on record each row the worklist itself refused to send (`plan.refusals`): one
    refused entry per row, its target and the guard, as every attempt is (issue 9). Called
    once the operator confirmed the rest (or when no chosen row could be sent): a Cancel
    records a cancellation instead (`record_bulk_cancelled`). One write for all the rows."""

    def entries(operator: str) -> list[HistoryEntry]:
        return [
            _entry(
                desk,
                operator,
                items[index],
                _lookup_on(outcomes[index], plan.environment),
                Outcome.REFUSED,
                refusal.message,
                note,
                refusal=refusal,
            )
            for index, refusal in plan.refusals
            # A history that cannot be written cannot hold this refusal either.
            if refusal.reason is not RefusalReason.HISTORY_UNAVAILABLE
        ]

    await _write_batch(desk, entries, "rows a bulk consume skipped")


async def record_cancelled_rows(
    desk: Desk,
    rows: Sequence[tuple[int, WorklistItem]],
    outcomes: Sequence[LookupOutcome | None],
    *,
    note: str,
    reason: str = CANCELLED_REASON,
) -> None:
    """Put on record each row a bulk consume did not send because the operator said no
    (at its confirmation, or by stopping it): one cancelled entry per row, with its target,
    in one write."""

    def entries(operator: str) -> list[HistoryEntry]:
        return [
            _entry(
                desk,
                operator,
                item,
                _lookup_on(outcomes[index] if index < len(outcomes) else None, desk.environment),
                Outcome.CANCELLED,
                reason,
                note,
            )
            for index, item in rows
        ]

    await _write_batch(desk, entries, "rows of a cancelled bulk consume")


async def record_bulk_cancelled(
    desk: Desk,
    plan: BulkPlan,
    items: Sequence[WorklistItem],
    outcomes: Sequence[LookupOutcome | None],
    *,
    note: str,
) -> None:
    """The operator said no to a bulk consume: every chosen row on record once, as
    cancelled with its target — an auditor looking a token up finds that a consume of it was
    declined, and for a row the worklist would have skipped, why. Nothing was attempted on
    any of them, so none is a refusal. One write for all the rows."""
    why = dict(plan.skipped)
    chosen = sorted([*plan.to_consume, *why])

    def entries(operator: str) -> list[HistoryEntry]:
        return [
            _entry(
                desk,
                operator,
                items[index],
                _lookup_on(outcomes[index], plan.environment),
                Outcome.CANCELLED,
                CANCELLED_REASON
                if index not in why
                else f"{CANCELLED_REASON} (it would have been skipped: {why[index]})",
                note,
            )
            for index in chosen
        ]

    await _write_batch(desk, entries, "rows of a cancelled bulk consume")


def _entry(
    desk: Desk,
    operator: str,
    item: WorklistItem,
    lookup: LookupOutcome | None,
    outcome: Outcome,
    reason: str,
    note: str | None,
    *,
    refusal: Refusal | None = None,
) -> HistoryEntry:
    """One row's entry, as `Desk.record_refused` / `record_cancelled` would write it."""
    query = desk.read_query(
        item.token, store=item.store, product_id=item.product_id, currency=item.currency
    )
    if isinstance(query, PurchaseQuery):
        plan = ConsumePlan(lookup, query, None, refusal, False, None, None)
    else:
        plan = ConsumePlan(lookup, None, None, refusal, False, None, None, refused_input=query)
    environment = desk.environment
    return write_entry(
        plan,
        operator=operator,
        environment=environment.name,
        default_store=environment.default_store,
        host=desk.host,
        note=note,
        outcome=outcome,
        reason=reason,
        guard=refusal.reason.value if refusal is not None else None,
    )


async def _write_batch(desk: Desk, entries: Callable[[str], list[HistoryEntry]], what: str) -> None:
    """Make the entries and write them in one transaction, both in a thread: thousands of
    rows never hold a screen's event loop."""
    recorder = desk.recorder
    if recorder is None:
        return
    made = await asyncio.to_thread(entries, recorder.operator)
    await recorder.many(made, what)


def _lookup_on(outcome: LookupOutcome | None, environment: Environment) -> LookupOutcome | None:
    """The row's lookup as the record's evidence, only when made where the consume was asked."""
    return outcome if outcome is not None and outcome.environment == environment else None


def typed_count(plan: BulkPlan) -> str | None:
    """What production asks to be typed before many purchases are consumed: their number
    (one look at a list is not enough where each row is money); None elsewhere."""
    return str(len(plan.to_consume)) if plan.environment.production else None


@dataclass(frozen=True)
class RowDone:
    index: int
    act: SessionAct
    lookup: LookupOutcome | None
    """The row's newest lookup (the proof, or the verify that refused it), to show."""
    consume: ConsumeOutcome | None = None
    """The consume's own outcome, when one was sent (or refused by the write-ahead)."""


@dataclass
class BulkProgress:
    total: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    unknown: int = 0
    stopped: bool = False
    rows: list[RowDone] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return self.done + self.skipped + self.failed + self.unknown

    def words(self) -> str:
        """`consumed 3 · skipped 1 · failed 0 · unknown 0 of 5`."""
        head = f"consumed {self.done} · skipped {self.skipped} · failed {self.failed}"
        words = f"{head} · unknown {self.unknown} of {self.total}"
        return f"{words} · stopped" if self.stopped else words

    def add(self, row: RowDone) -> None:
        self.rows.append(row)
        kind = row.act.kind
        if kind is ActKind.CONSUMED:
            self.done += 1
        elif kind is ActKind.SKIPPED:
            self.skipped += 1
        elif kind is ActKind.FAILED:
            self.failed += 1
        else:
            self.unknown += 1


async def consume_rows(
    desk: Desk,
    rows: Sequence[tuple[int, WorklistItem]],
    *,
    should_stop: Callable[[], bool] = lambda: False,
    on_row: Callable[[RowDone], None] | None = None,
    note: str | None = None,
) -> BulkProgress:
    """Consume each row in turn through the desk; `should_stop` is asked before each row and
    again just before its consume is sent — never while one is in flight. A consume already
    sent runs to its outcome even if the caller is cancelled (it is shielded), so its
    outcome lands in the history."""
    progress = BulkProgress(len(rows))

    def record(row: RowDone) -> None:
        progress.add(row)
        if on_row is not None:
            on_row(row)

    for position, (index, item) in enumerate(rows):
        if should_stop():
            _stop(progress, rows[position:], record)
            await record_cancelled_rows(
                desk, rows[position:], (), note=STOPPED_NOTE, reason=STOPPED_NOTE
            )
            break
        query = desk.read_query(
            item.token, store=item.store, product_id=item.product_id, currency=item.currency
        )
        plan = await desk.check_consume(query, note=note)
        if not plan.allowed:
            refusal = plan.refusal
            words = SKIP_WORDS.get(refusal.reason, "refused") if refusal else "refused"
            record(RowDone(index, SessionAct(ActKind.SKIPPED, _now(), words), plan.check))
            continue
        if should_stop():
            _stop(progress, rows[position:], record)
            await record_cancelled_rows(
                desk, rows[position:], (), note=STOPPED_NOTE, reason=STOPPED_NOTE
            )
            break
        outcome = await asyncio.shield(desk.consume(plan, note=note))
        record(RowDone(index, act_of(outcome), outcome.proof or plan.check, outcome))
    return progress


def _stop(
    progress: BulkProgress,
    rest: Sequence[tuple[int, WorklistItem]],
    record: Callable[[RowDone], None],
) -> None:
    progress.stopped = True
    for index, _ in rest:
        record(RowDone(index, SessionAct(ActKind.SKIPPED, _now(), STOPPED_WORDS), None))


def act_of(outcome: ConsumeOutcome) -> SessionAct:
    """What a consume's outcome says this session did to its row."""
    detail = _detail(outcome.status, outcome.summary)
    return SessionAct(_kind(outcome.status), outcome.at, detail, outcome.history_entry)


def _kind(status: ConsumeStatus) -> ActKind:
    if status is ConsumeStatus.CONSUMED:
        return ActKind.CONSUMED
    if status in (ConsumeStatus.UNKNOWN, ConsumeStatus.CONTRADICTION):
        return ActKind.UNKNOWN
    return ActKind.FAILED


def _detail(status: ConsumeStatus, summary: str) -> str:
    if status is ConsumeStatus.CONSUMED:
        return ""
    first = summary.split(". ")[0].rstrip(".")
    return first if len(first) <= 80 else first[:79] + "…"


def _now() -> datetime:
    return datetime.now().astimezone()
