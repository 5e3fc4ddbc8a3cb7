"""Writing what the desk did into the audit history (DESIGN.md: every call, who, when, where).

Every attempt is one entry with its full target (token, store, product id, currency,
environment, host) and one outcome category (console/outcome_category.py): a verify sent or
refused before sending; a write (consume, acknowledge: the entry's action is its operation's)
sent, refused by a guard (before any request too), or cancelled at the confirmation; and the
verify that proved or settled a consume — linked to it.

The history must never cost a lookup its result: a failed write of a lookup becomes a warning
the front end shows. A write is the opposite: it is not sent unless its entry is on record
first (write_ahead.py); this module only says what that entry and its completion hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from console.history import Action, HistoryEntry, HistoryUnavailable, Outcome, Settlement
from console.history.background_writer import BackgroundWriter
from console.history.lazy import LazyHistory
from console.payments import PurchaseQuery, ReceivedBody, Store

from .off_loop import IN_THREADS, OffLoop
from .outcomes import LookupOutcome
from .query_input import QueryRefused
from .serialise import plain_object, request_record

if TYPE_CHECKING:  # the store loads in the thread that opens the history (lazy.py)
    from console.history.store import HistoryStore

    from .write_ahead import Completion  # loaded with the first consume, not a lookup

    # A write's, loaded with the first write: a lookup never needs them.
    from .write_outcomes import WriteOutcome, WritePlan

RECEIVED_TEXT_LIMIT = 16 * 1024
"""Characters of a non-JSON body kept in the history: a proxy's page, with room to spare."""


@dataclass(frozen=True)
class Target:
    """What an attempt was about, as recorded: the query's fields, or the input as typed."""

    token: str
    store: str
    product_id: str | None
    currency: str | None

    @classmethod
    def of(
        cls, query: PurchaseQuery | None, refused: QueryRefused | None, default_store: Store
    ) -> Target:
        if query is not None:
            return cls(query.token, query.store.value, query.product_id, query.currency)
        if refused is not None:
            return cls(
                refused.token,
                refused.store or default_store.value,
                refused.product_id,
                refused.currency,
            )
        return cls("", default_store.value, None, None)


def received_record(received: ReceivedBody | None) -> dict[str, object] | None:
    """A body that was not JSON, as the history keeps it: its text capped (the reply column
    holds JSON replies only)."""
    if received is None:
        return None
    text = received.text()
    cut = len(text) > RECEIVED_TEXT_LIMIT or received.truncated
    return {
        "status": received.status,
        "contentType": received.content_type,
        "size": received.size,
        "text": text[:RECEIVED_TEXT_LIMIT],
        "cut": cut,
    }


def _settlement_of(proof: LookupOutcome | None) -> Settlement | None:
    if proof is None or proof.decoded is None:
        return None
    return Settlement.CONSUMED if proof.decoded.is_consumed else Settlement.NOT_CONSUMED


def write_entry(
    plan: WritePlan,
    *,
    operator: str,
    environment: str,
    default_store: Store,
    host: str,
    note: str | None,
    outcome: Outcome,
    reason: str,
    deadline_s: float | None = None,
    guard: str | None = None,
) -> HistoryEntry:
    target = Target.of(plan.query, plan.refused_input, default_store)
    decoded = plan.check.decoded if plan.check else None
    return HistoryEntry(
        id=None,
        at=datetime.now(UTC),
        operator=operator,
        environment=environment,
        host=host,
        action=plan.operation.action,
        token=target.token,
        store=target.store,
        product_id=target.product_id,
        currency=target.currency,
        order_id=decoded.purchase.order_id if decoded else None,
        outcome=outcome,
        reason=reason,
        request=request_record(plan.request) if plan.request else None,
        note=note,
        pending=outcome is Outcome.UNKNOWN,
        deadline_s=deadline_s,
        guard=guard,
    )


def write_ahead_entry(
    plan: WritePlan,
    *,
    operator: str,
    environment: str,
    default_store: Store,
    host: str,
    note: str | None,
    deadline_s: float,
) -> HistoryEntry:
    """The entry committed before a write is sent: outcome unknown until completed."""
    reason = "sent; waiting for the reply"
    if plan.deadline is not None:
        reason += f"; deadline to acknowledge {plan.deadline.text}"
    if plan.overridden is not None:
        reason = f"forced past: {plan.overridden.message}"
    return write_entry(
        plan,
        operator=operator,
        environment=environment,
        default_store=default_store,
        host=host,
        note=note,
        outcome=Outcome.UNKNOWN,
        reason=reason,
        deadline_s=deadline_s,
    )


def write_completion(outcome: WriteOutcome) -> Completion:
    """What a write's outcome writes on its entry: its category, now.gg's reply, what its
    proof showed (a consume's verify after it), the proof's entry, and — when the proof
    settled an outcome the reply left unknown — that as the entry's resolution."""
    from .write_ahead import Completion  # a write's: a lookup never loads write_ahead.py
    from .write_outcomes import WriteStatus, write_category

    failure = outcome.failure
    settlement = _settlement_of(outcome.proof)
    settled_unknown = (
        failure is not None
        and failure.outcome_unknown
        and outcome.status in (WriteStatus.CONSUMED, WriteStatus.NOT_CONSUMED)
    )
    return Completion(
        outcome=write_category(outcome.status, failure),
        code=failure.api_code if failure else 0,
        reason=outcome.summary,
        reply=plain_object(outcome.reply),
        latency_ms=outcome.latency_ms,
        settlement=settlement if outcome.status is not WriteStatus.CONTRADICTION else None,
        proof_entry=outcome.proof_entry,
        resolution=_inline_resolution(outcome) if settled_unknown else None,
        received=received_record(failure.received if failure else None),
    )


def _inline_resolution(outcome: WriteOutcome) -> str:
    proof = outcome.proof
    assert proof is not None and proof.decoded is not None, "settled by a decoded proof"
    when = proof.at.isoformat(timespec="seconds")
    if proof.decoded.is_consumed:
        return f"verified {when} right after the lost reply: Consumed — the consume went through"
    return (
        f"verified {when} right after the lost reply: {proof.decoded.consumption} — the "
        "consume did not take effect"
    )


def lookup_entry(
    outcome: LookupOutcome,
    action: Action,
    note: str | None,
    *,
    operator: str,
    proves: int | None = None,
) -> HistoryEntry:
    """One verify as the history keeps it: sent, or refused before sending (its input as
    typed, or no key), with its category."""
    decoded = outcome.decoded
    failure = outcome.failure
    target = Target.of(outcome.query, outcome.refused_input, outcome.environment.default_store)
    reason = decoded.headline if decoded else (failure.reason if failure else None)
    if outcome.verify_path_note:
        reason = f"{reason} ({outcome.verify_path_note})" if reason else outcome.verify_path_note
    return HistoryEntry(
        id=None,
        at=outcome.at,
        operator=operator,
        environment=outcome.environment.name,
        host=outcome.host,
        action=action,
        token=target.token,
        store=target.store,
        product_id=target.product_id,
        currency=target.currency,
        order_id=decoded.purchase.order_id if decoded else None,
        outcome=outcome.category,
        code=failure.api_code if failure else 0,
        reason=reason,
        request=request_record(outcome.request) if outcome.request else None,
        reply=plain_object(outcome.reply),
        latency_ms=outcome.latency_ms,
        note=note,
        proves_entry=proves,
        received=received_record(outcome.received),
    )


class Recorder:
    """Turns desk outcomes into history entries for one operator, written in order by one
    background writer (history/background_writer.py): an operation awaits its entry only
    until it is on record or waiting out another program's lock, never for the lock.

    A proof — the verify that shows what a consume did — is written at once instead, in a
    thread, because the consume's own entry is linked to its id."""

    def __init__(
        self,
        history: HistoryStore | LazyHistory,
        operator: str,
        *,
        warnings: list[str] | None = None,
        writer: BackgroundWriter | None = None,
        warn: Callable[[str], None] | None = None,
        off_loop: OffLoop = IN_THREADS,
    ) -> None:
        """`off_loop`: where the waits for the history run (off_loop.py): in threads, or
        inline for a one-shot command."""
        self.off_loop = off_loop
        self.history = history if isinstance(history, LazyHistory) else LazyHistory.opened(history)
        self.operator = operator
        self.warnings = warnings if warnings is not None else []
        self._warn = warn or self.warnings.append
        self.writer = writer or BackgroundWriter(self.history.get, on_give_up=self._warn)

    async def _write(self, entry: HistoryEntry) -> None:
        await self.off_loop.result(self.writer.submit(entry))

    async def lookup(self, outcome: LookupOutcome, action: Action, note: str | None) -> None:
        """Record a verify, sent or refused before sending."""
        await self._write(lookup_entry(outcome, action, note, operator=self.operator))

    async def proof(
        self, outcome: LookupOutcome, action: Action, note: str | None, *, proves: int
    ) -> int | None:
        """Record the verify that proves consume `proves`, linked to it; its id, or None
        (with a warning) when it could not be written."""
        entry = lookup_entry(outcome, action, note, operator=self.operator, proves=proves)
        history = self.history

        def write() -> int | None:
            store = history.get()
            if store is None:
                return None  # the history is off: said once, not per entry
            return store.record(entry)

        try:
            return await self.off_loop.call(write)
        except HistoryUnavailable as error:
            self._warn(f"the proof of consume entry {proves} was not written: {error.reason}")
            return None

    async def refused(
        self,
        plan: WritePlan,
        environment: str,
        default_store: Store,
        host: str,
        note: str | None,
    ) -> None:
        """A write a guard refused: on record with its target and guard, because the
        decision matters in a ticket — except a refusal because the history cannot be
        written, which could not land."""
        from .write_outcomes import RefusalReason

        refusal = plan.refusal
        if refusal is None or refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
            return
        await self._write(
            write_entry(
                plan,
                operator=self.operator,
                environment=environment,
                default_store=default_store,
                host=host,
                note=note,
                outcome=Outcome.REFUSED,
                reason=refusal.message,
                guard=refusal.reason.value,
            )
        )

    async def cancelled(
        self,
        plan: WritePlan,
        environment: str,
        default_store: Store,
        host: str,
        note: str | None,
        reason: str,
    ) -> None:
        """A write the operator declined at the confirmation: nothing was sent."""
        await self._write(
            write_entry(
                plan,
                operator=self.operator,
                environment=environment,
                default_store=default_store,
                host=host,
                note=note,
                outcome=Outcome.CANCELLED,
                reason=reason,
            )
        )

    async def many(self, entries: Sequence[HistoryEntry], what: str) -> None:
        """Entries of one decision over many rows (a worklist's bulk consume: its skipped
        rows, its cancellation), written in one transaction in a thread: 10,000 rows are
        one write, not 10,000 trips through the writer, and the screen never waits on it."""
        if not entries:
            return
        history = self.history

        def write() -> None:
            store = history.get()
            if store is not None:  # the history is off: said once, not per entry
                store.record_many(entries)

        try:
            await self.off_loop.call(write)
        except HistoryUnavailable as error:
            self._warn(f"{len(entries)} entries ({what}) were not written: {error.reason}")
