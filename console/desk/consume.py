"""The consume: check → act → verify (DESIGN.md, desk).

*check* and *act* are the one path every write takes (writing.py, the operation `CONSUME`).
What is the consume's own is *verify*: afterwards, or when the outcome is unknown (a
timeout), verify to show the proof; verifying is always safe, sending the consume again never
is.
"""

from __future__ import annotations

from dataclasses import replace

from console.history import Action
from console.payments import CODE_ERROR_CONSUMING, ApiError, PaymentsError, PurchaseQuery

from . import verdicts, writing
from .context import DeskContext
from .failures import failure_from_error
from .lookup import look_up
from .outcomes import ConsumeOutcome, ConsumePlan, LookupOutcome
from .query_input import QueryInput
from .write_operation import CONSUME


async def check(
    desk: DeskContext,
    query: QueryInput,
    *,
    developer_payload: str | None = None,
    force: bool = False,
    note: str | None = None,
) -> ConsumePlan:
    """Every guard, and the verify first; sends no consume. A refusal is recorded."""
    return await writing.check(
        desk, CONSUME, query, developer_payload=developer_payload, force=force, note=note
    )


async def dry_run(
    desk: DeskContext, query: QueryInput, *, developer_payload: str | None = None
) -> ConsumePlan:
    """The consume request exactly as it would be sent; sends nothing, not even the verify."""
    return await writing.dry_run(desk, CONSUME, query, developer_payload=developer_payload)


async def consume(
    desk: DeskContext, plan: ConsumePlan, *, note: str | None = None
) -> ConsumeOutcome:
    """Send the consume a plan allows, once, then verify to show the proof.

    Written ahead to the history before it is sent, completed after; refused (status
    REFUSED, nothing sent) when that entry cannot be put on record. Never retries: a
    consume whose reply was lost is settled by verifying, which is safe. Raises
    `WriteInterrupted` (a CancelledError) when cancelled with the consume in flight.
    """
    query = plan.query

    async def send(entry_id: int) -> ConsumeOutcome:
        assert query is not None, "an allowed plan holds its query"
        return await _send(desk, plan, query, note, entry_id)

    return await writing.send_written_ahead(desk, plan, send, note=note)


async def _send(
    desk: DeskContext, plan: ConsumePlan, query: PurchaseQuery, note: str | None, entry_id: int
) -> ConsumeOutcome:
    assert plan.request is not None, "an allowed plan holds its request"
    client = await desk.connection.client()
    try:
        # The very request the check prepared: what a dry run printed and the operator saw.
        result = await client.send_consume(plan.request)
    except PaymentsError as error:
        return await _failed(desk, plan, query, error, note, entry_id)
    proof, proof_entry = await _prove(desk, query, Action.VERIFY, note, entry_id)
    outcome = verdicts.after_success(plan, proof, result.envelope.raw, result.latency_ms)
    return replace(outcome, proof_entry=proof_entry)


async def _prove(
    desk: DeskContext, query: PurchaseQuery, action: Action, note: str | None, entry_id: int
) -> tuple[LookupOutcome, int | None]:
    """Verify after the consume: the proof, recorded as linked to the consume's entry."""
    proof = await look_up(desk, query, action=action, note=note, record=False)
    proof_entry = None
    if desk.recorder is not None:
        proof_entry = await desk.recorder.proof(proof, action, note, proves=entry_id)
    return proof, proof_entry


async def _failed(
    desk: DeskContext,
    plan: ConsumePlan,
    query: PurchaseQuery,
    error: PaymentsError,
    note: str | None,
    entry_id: int,
) -> ConsumeOutcome:
    failure = failure_from_error(error, consume=True)
    reply = dict(error.reply) if isinstance(error, ApiError) else None
    if not failure.request_sent:
        return verdicts.not_sent(plan, failure)
    if not failure.outcome_unknown:
        # 3800 may mean "already consumed": verifying then shows the truth.
        if failure.api_code == CODE_ERROR_CONSUMING:
            proof, proof_entry = await _prove(desk, query, Action.VERIFY, note, entry_id)
            outcome = verdicts.refused_by_now_gg(plan, failure, proof, reply)
            return replace(outcome, proof_entry=proof_entry)
        return verdicts.refused_by_now_gg(plan, failure, None, reply)
    # The request may have been processed: find out by verifying, never by resending.
    proof, proof_entry = await _prove(desk, query, Action.RESOLVE, note, entry_id)
    outcome = verdicts.after_unknown(plan, failure, proof, reply)
    return replace(outcome, proof_entry=proof_entry)
