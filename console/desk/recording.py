"""Writing what the desk did into the audit history (DESIGN.md: every call, who, when, where).

The history must never cost a lookup its result: a failed write of a lookup becomes a warning
the front end shows. A consume is the opposite: it is not sent unless its entry is on record
first (write_ahead.py); this module only says what that entry and its completion hold.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from console.history import Action, HistoryEntry, Outcome
from console.history.background_writer import BackgroundWriter
from console.history.lazy import LazyHistory

from .outcomes import (
    ConsumeOutcome,
    ConsumePlan,
    ConsumeStatus,
    Failure,
    LookupOutcome,
    RefusalReason,
)
from .serialise import plain_object, request_record
from .write_ahead import Completion

if TYPE_CHECKING:  # the store loads in the thread that opens the history (lazy.py)
    from console.history.store import HistoryStore


def _error_outcome(failure: Failure | None) -> Outcome:
    """now.gg said no, or no usable answer came. Never "unknown" for a failed verify: a
    verify changes nothing and may be repeated; only a consume leaves a purchase in doubt."""
    if failure is not None and failure.category == "api":
        return Outcome.API_ERROR
    return Outcome.NETWORK_ERROR


# How a consume's verdict is written down; FAILED depends on the failure (_error_outcome).
_CONSUME_OUTCOMES = {
    ConsumeStatus.CONSUMED: Outcome.OK,
    ConsumeStatus.NOT_CONSUMED: Outcome.NETWORK_ERROR,
    ConsumeStatus.UNKNOWN: Outcome.UNKNOWN,
    # Left for `history resolve` to settle: verifying later tells which side was right.
    ConsumeStatus.CONTRADICTION: Outcome.UNKNOWN,
}


def consume_entry(
    plan: ConsumePlan,
    *,
    operator: str,
    environment: str,
    host: str,
    note: str | None,
    outcome: Outcome,
    reason: str,
    deadline_s: float | None = None,
) -> HistoryEntry:
    query = plan.query
    decoded = plan.check.decoded if plan.check else None
    return HistoryEntry(
        id=None,
        at=datetime.now(UTC),
        operator=operator,
        environment=environment,
        host=host,
        action=Action.CONSUME,
        token=query.token if query else "",
        store=query.store.value if query else "",
        product_id=query.product_id if query else None,
        currency=query.currency if query else None,
        order_id=decoded.purchase.order_id if decoded else None,
        outcome=outcome,
        reason=reason,
        request=request_record(plan.request) if plan.request else None,
        note=note,
        pending=outcome is Outcome.UNKNOWN,
        deadline_s=deadline_s,
    )


def write_ahead_entry(
    plan: ConsumePlan,
    *,
    operator: str,
    environment: str,
    host: str,
    note: str | None,
    deadline_s: float,
) -> HistoryEntry:
    """The entry committed before a consume is sent: outcome unknown until completed."""
    forced = f"forced past: {plan.overridden.message}" if plan.overridden else None
    return consume_entry(
        plan,
        operator=operator,
        environment=environment,
        host=host,
        note=note,
        outcome=Outcome.UNKNOWN,
        reason=forced or "sent; waiting for the reply",
        deadline_s=deadline_s,
    )


def consume_completion(outcome: ConsumeOutcome) -> Completion:
    failure = outcome.failure
    return Completion(
        outcome=_CONSUME_OUTCOMES.get(outcome.status) or _error_outcome(failure),
        code=failure.api_code if failure else 0,
        reason=outcome.summary,
        reply=plain_object(outcome.reply),
        latency_ms=outcome.latency_ms,
    )


class Recorder:
    """Turns desk outcomes into history entries for one operator, written in order by one
    background writer (history/background_writer.py): an operation awaits its entry only
    until it is on record or waiting out another program's lock, never for the lock."""

    def __init__(
        self,
        history: HistoryStore | LazyHistory,
        operator: str,
        *,
        warnings: list[str] | None = None,
        writer: BackgroundWriter | None = None,
    ) -> None:
        self.history = history if isinstance(history, LazyHistory) else LazyHistory.opened(history)
        self.operator = operator
        self.warnings = warnings if warnings is not None else []
        self.writer = writer or BackgroundWriter(self.history.get, on_give_up=self.warnings.append)

    async def _write(self, entry: HistoryEntry) -> None:
        await asyncio.wrap_future(self.writer.submit(entry))

    async def lookup(self, outcome: LookupOutcome, action: Action, note: str | None) -> None:
        """Record a verify that was attempted; refusals of the input itself are not calls."""
        if outcome.query is None or (
            outcome.failure is not None
            and not outcome.failure.request_sent
            and outcome.failure.category in ("input", "key")
        ):
            return
        decoded = outcome.decoded
        failure = outcome.failure
        await self._write(
            HistoryEntry(
                id=None,
                at=outcome.at,
                operator=self.operator,
                environment=outcome.environment.name,
                host=outcome.host,
                action=action,
                token=outcome.query.token,
                store=outcome.query.store.value,
                product_id=outcome.query.product_id,
                currency=outcome.query.currency,
                order_id=decoded.purchase.order_id if decoded else None,
                outcome=Outcome.OK if failure is None else _error_outcome(failure),
                code=failure.api_code if failure else 0,
                reason=decoded.headline if decoded else (failure.reason if failure else None),
                request=request_record(outcome.request) if outcome.request else None,
                reply=plain_object(outcome.reply),
                latency_ms=outcome.latency_ms,
                note=note,
            )
        )

    async def refused(
        self, plan: ConsumePlan, environment: str, host: str, note: str | None
    ) -> None:
        """A consume a guard refused: on record, because the decision matters in a ticket —
        except a refusal because the history cannot be written, which could not land."""
        if plan.refusal is None or plan.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
            return
        reason = f"{plan.refusal.reason.value}: {plan.refusal.message}"
        await self._write(
            consume_entry(
                plan,
                operator=self.operator,
                environment=environment,
                host=host,
                note=note,
                outcome=Outcome.REFUSED,
                reason=reason,
            )
        )
