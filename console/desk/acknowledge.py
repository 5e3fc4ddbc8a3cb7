"""Acknowledging a subscription purchase: check → act, the one path every write takes
(writing.py, the operation `ACKNOWLEDGE`: its deadline rule, purchase time + 3 days as of the
injected clock, is the last guard). What is the acknowledge's own is what its answer means.

Unlike a consume, nothing settles an unknown outcome afterwards: verifyPurchase's reply has no
field that says whether a subscription is acknowledged. What the API does offer is that
acknowledging again is answered (5002 when the first went through), never doubled — so an
unknown outcome is recorded and explained, and the operator decides.

"""

from __future__ import annotations

from dataclasses import replace

from console.payments import CODE_INVALID_SUBSCRIPTION_OPERATION, ApiError, PaymentsError

from . import writing
from .context import DeskContext
from .failures import failure_from_error
from .outcomes import AcknowledgeOutcome, AcknowledgePlan, AcknowledgeStatus, Failure
from .query_input import QueryInput
from .write_operation import ACKNOWLEDGE
from .writing import Clock, utc_now


async def check(
    desk: DeskContext,
    query: QueryInput,
    *,
    force: bool = False,
    note: str | None = None,
    clock: Clock = utc_now,
) -> AcknowledgePlan:
    """Every guard, the verify first and the deadline as of `clock()`; sends no acknowledge.
    A refusal is recorded."""
    return await writing.check(desk, ACKNOWLEDGE, query, force=force, note=note, clock=clock)


async def dry_run(desk: DeskContext, query: QueryInput) -> AcknowledgePlan:
    """The acknowledge request exactly as it would be sent; sends nothing, not even the
    verify."""
    return await writing.dry_run(desk, ACKNOWLEDGE, query)


async def acknowledge(
    desk: DeskContext, plan: AcknowledgePlan, *, note: str | None = None
) -> AcknowledgeOutcome:
    """Send the acknowledge a plan allows, once, written ahead to the history.

    Refused (status REFUSED, nothing sent) when the entry cannot be put on record. Never
    retries. Raises `WriteInterrupted` (a CancelledError) when cancelled in flight.
    """

    async def send(entry_id: int) -> AcknowledgeOutcome:
        return await _send(desk, plan)

    return await writing.send_written_ahead(desk, plan, send, note=note)


async def _send(desk: DeskContext, plan: AcknowledgePlan) -> AcknowledgeOutcome:
    assert plan.request is not None, "an allowed plan holds its request"
    client = await desk.connection.client()
    try:
        # The very request the check prepared: what a dry run printed and the operator saw.
        result = await client.send_acknowledge(plan.request)
    except PaymentsError as error:
        return _failed(plan, error)
    summary = (
        "Acknowledged: now.gg answered success (code 0); the subscription's period starts now."
    )
    if plan.deadline is not None and not plan.deadline.passed:
        summary += f" It was {plan.deadline.left_text.replace(' left', '')} before the deadline."
    return AcknowledgeOutcome(
        plan,
        AcknowledgeStatus.ACKNOWLEDGED,
        summary,
        reply=result.envelope.raw,
        latency_ms=result.latency_ms,
    )


def _failed(plan: AcknowledgePlan, error: PaymentsError) -> AcknowledgeOutcome:
    failure = failure_from_error(error, consume=False)
    # The acknowledge's own words for an unknown outcome (catalog.py): verifying cannot tell.
    from console.payments import explain_failure

    # A sent acknowledge may have been processed when no usable reply came (unlike a
    # verify, which changes nothing): its outcome is then unknown.
    failure = replace(
        failure,
        explanation=explain_failure(error, acknowledge=True),
        outcome_unknown=error.outcome_unknown,
        operation="acknowledge",
    )
    reply = dict(error.reply) if isinstance(error, ApiError) else None
    if not failure.request_sent:
        return AcknowledgeOutcome(
            plan,
            AcknowledgeStatus.FAILED,
            f"Nothing was sent, so nothing was acknowledged: {failure.reason}",
            failure=failure,
        )
    if not failure.outcome_unknown:
        return AcknowledgeOutcome(
            plan, AcknowledgeStatus.FAILED, _refused_words(failure), failure=failure, reply=reply
        )
    left = f" The deadline is {plan.deadline.text}." if plan.deadline is not None else ""
    return AcknowledgeOutcome(
        plan,
        AcknowledgeStatus.UNKNOWN,
        f"The acknowledge's outcome is unknown ({failure.reason}). Verifying cannot tell: the "
        "reply of verifyPurchase says nothing about acknowledgement. Acknowledging again is "
        "safe — now.gg answers 5002 INVALID_SUBSCRIPTION_OPERATION if this one went through, "
        f"and never acknowledges twice.{left}",
        failure=failure,
        reply=reply,
    )


def _refused_words(failure: Failure) -> str:
    words = f"now.gg refused the acknowledge: {failure.reason}"
    if failure.api_code == CODE_INVALID_SUBSCRIPTION_OPERATION:
        words += " — most often because it is already acknowledged; nothing was acknowledged twice."
    return words
