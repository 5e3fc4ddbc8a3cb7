"""What an acknowledge puts in the audit history: the entry written ahead of it (kind
`acknowledge`), its completion, and a refusal by a guard (the decision matters in a ticket)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from console.history import Action, HistoryEntry, Outcome

from .acknowledge_outcomes import AcknowledgeOutcome, AcknowledgePlan, AcknowledgeStatus
from .context import DeskContext
from .outcomes import RefusalReason
from .serialise import plain_object, request_record
from .write_ahead import Completion


def acknowledge_entry(
    plan: AcknowledgePlan,
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
        action=Action.ACKNOWLEDGE,
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
    plan: AcknowledgePlan,
    *,
    operator: str,
    environment: str,
    host: str,
    note: str | None,
    deadline_s: float,
) -> HistoryEntry:
    """The entry committed before the acknowledge is sent: outcome unknown until completed."""
    reason = "sent; waiting for the reply"
    if plan.deadline is not None:
        reason += f"; deadline to acknowledge {plan.deadline.text}"
    if plan.overridden is not None:
        reason = f"forced past: {plan.overridden.message}"
    return acknowledge_entry(
        plan,
        operator=operator,
        environment=environment,
        host=host,
        note=note,
        outcome=Outcome.UNKNOWN,
        reason=reason,
        deadline_s=deadline_s,
    )


_OUTCOMES = {
    AcknowledgeStatus.ACKNOWLEDGED: Outcome.OK,
    AcknowledgeStatus.UNKNOWN: Outcome.UNKNOWN,
    AcknowledgeStatus.REFUSED: Outcome.REFUSED,
}


def acknowledge_completion(outcome: AcknowledgeOutcome) -> Completion:
    failure = outcome.failure
    recorded = _OUTCOMES.get(outcome.status)
    if recorded is None:
        recorded = (
            Outcome.API_ERROR
            if failure is not None and failure.category == "api"
            else Outcome.NETWORK_ERROR
        )
    return Completion(
        outcome=recorded,
        code=failure.api_code if failure else 0,
        reason=outcome.summary,
        reply=plain_object(outcome.reply),
        latency_ms=outcome.latency_ms,
    )


async def record_refusal(desk: DeskContext, plan: AcknowledgePlan, note: str | None) -> None:
    """A refused acknowledge on record — except a refusal because the history cannot be
    written, which could not land."""
    recorder = desk.recorder
    if recorder is None or plan.refusal is None:
        return
    if plan.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
        return
    entry = acknowledge_entry(
        plan,
        operator=recorder.operator,
        environment=desk.environment.name,
        host=desk.host,
        note=note,
        outcome=Outcome.REFUSED,
        reason=f"{plan.refusal.reason.value}: {plan.refusal.message}",
    )
    # The recorder's own writer, so the entry lands in order with the verify before it.
    await asyncio.wrap_future(recorder.writer.submit(entry))
