"""What an acknowledge puts in the audit history, as a consume does (recording.py): the entry
written ahead of it (kind `acknowledge`), its completion with its outcome category, a refusal
by a guard (the guard named), and a cancellation at the confirmation — each with the full
target (token, store, product id, currency, environment, host)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from console.history import Action, HistoryEntry, Outcome
from console.payments import Store

from .acknowledge_outcomes import AcknowledgeOutcome, AcknowledgePlan, acknowledge_category
from .context import DeskContext
from .outcomes import RefusalReason
from .recording import Target, received_record
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
    default_store: Store,
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
        action=Action.ACKNOWLEDGE,
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
    plan: AcknowledgePlan,
    *,
    operator: str,
    environment: str,
    default_store: Store,
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
        default_store=default_store,
        outcome=Outcome.UNKNOWN,
        reason=reason,
        deadline_s=deadline_s,
    )


def acknowledge_completion(outcome: AcknowledgeOutcome) -> Completion:
    """What an acknowledge's outcome writes on its entry: its category, now.gg's reply (the
    proof: verifying shows none), and a body that was not JSON."""
    failure = outcome.failure
    return Completion(
        outcome=acknowledge_category(outcome.status, failure),
        code=failure.api_code if failure else 0,
        reason=outcome.summary,
        reply=plain_object(outcome.reply),
        latency_ms=outcome.latency_ms,
        received=received_record(failure.received if failure else None),
    )


async def record_refusal(desk: DeskContext, plan: AcknowledgePlan, note: str | None) -> None:
    """A refused acknowledge on record with its target and the guard — except a refusal
    because the history cannot be written, which could not land."""
    if plan.refusal is None or plan.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
        return
    await _record(
        desk,
        plan,
        note,
        outcome=Outcome.REFUSED,
        reason=plan.refusal.message,
        guard=plan.refusal.reason.value,
    )


async def record_cancelled(
    desk: DeskContext, plan: AcknowledgePlan, note: str | None, reason: str
) -> None:
    """An acknowledge the operator declined at the confirmation: nothing was sent."""
    await _record(desk, plan, note, outcome=Outcome.CANCELLED, reason=reason)


async def _record(
    desk: DeskContext,
    plan: AcknowledgePlan,
    note: str | None,
    *,
    outcome: Outcome,
    reason: str,
    guard: str | None = None,
) -> None:
    recorder = desk.recorder
    if recorder is None:
        return
    entry = acknowledge_entry(
        plan,
        operator=recorder.operator,
        environment=desk.environment.name,
        host=desk.host,
        note=note,
        default_store=desk.environment.default_store,
        outcome=outcome,
        reason=reason,
        guard=guard,
    )
    # The recorder's own writer, so the entry lands in order with the verify before it.
    await asyncio.wrap_future(recorder.writer.submit(entry))
