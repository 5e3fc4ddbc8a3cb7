"""What a consume came to, in words: the verdict drawn from the reply (or its absence) and
the verify made afterwards. Pure functions; the desk does the requests."""

from __future__ import annotations

from console.payments import JsonObject

from .outcomes import (
    ConsumeOutcome,
    ConsumePlan,
    ConsumeStatus,
    Failure,
    LookupOutcome,
    Refusal,
)


def after_success(
    plan: ConsumePlan, proof: LookupOutcome, reply: JsonObject, latency_ms: float
) -> ConsumeOutcome:
    """now.gg said success; the proof is what verifying again showed."""
    status = ConsumeStatus.CONSUMED
    if proof.decoded is not None and proof.decoded.is_consumed:
        summary = "Consumed. Verifying again shows the purchase as Consumed."
    elif proof.decoded is not None:
        # Two answers from now.gg that cannot both be true: report it, never "consumed".
        status = ConsumeStatus.CONTRADICTION
        order_id = proof.decoded.purchase.order_id
        token = plan.query.token if plan.query else "TOKEN"
        summary = (
            f"now.gg said success but verifying shows {proof.decoded.consumption}: the two "
            "disagree, so whether the purchase is consumed is not known. Do not consume again "
            "and do not grant the item twice. Verify again in a minute (nowgg-console verify "
            f"{token}); `nowgg-console history resolve` settles this entry once verifying agrees. "
            "If it still shows Not consumed, ask now.gg support about order id "
            f"{order_id if isinstance(order_id, str) and order_id else '(none in the reply)'}."
        )
    else:
        reason = proof.failure.reason if proof.failure else "unknown"
        summary = f"now.gg answered success; verifying afterwards failed: {reason}"
    return ConsumeOutcome(
        plan=plan,
        status=status,
        summary=summary,
        proof=proof,
        reply=reply,
        latency_ms=latency_ms,
    )


def not_written_ahead(plan: ConsumePlan, refusal: Refusal) -> ConsumeOutcome:
    """Nothing was sent: the consume could not be put on record first."""
    return ConsumeOutcome(
        plan, ConsumeStatus.REFUSED, f"Refused: {refusal.message}", refusal=refusal
    )


def not_sent(plan: ConsumePlan, failure: Failure) -> ConsumeOutcome:
    return ConsumeOutcome(
        plan,
        ConsumeStatus.FAILED,
        f"Nothing was sent, so nothing was consumed: {failure.reason}",
        failure=failure,
    )


def refused_by_now_gg(
    plan: ConsumePlan, failure: Failure, proof: LookupOutcome | None, reply: JsonObject | None
) -> ConsumeOutcome:
    return ConsumeOutcome(
        plan,
        ConsumeStatus.FAILED,
        f"now.gg refused the consume: {failure.reason}",
        failure=failure,
        proof=proof,
        reply=reply,
    )


def after_unknown(
    plan: ConsumePlan, failure: Failure, proof: LookupOutcome, reply: JsonObject | None
) -> ConsumeOutcome:
    """The reply was lost or unreadable; the proof is the verify that was made to find out."""
    if proof.decoded is not None and proof.decoded.is_consumed:
        status = ConsumeStatus.CONSUMED
        summary = (
            f"The consume's outcome was unknown ({failure.reason}); verifying shows the "
            "purchase as Consumed, so it did go through."
        )
    elif proof.decoded is not None:
        status = ConsumeStatus.NOT_CONSUMED
        summary = (
            f"The consume's outcome was unknown ({failure.reason}); verifying shows "
            f"{proof.decoded.consumption}: it did not take effect. It is safe to consume "
            "again, once."
        )
    else:
        status = ConsumeStatus.UNKNOWN
        verify_reason = proof.failure.reason if proof.failure else "unknown"
        summary = (
            f"The consume's outcome is unknown ({failure.reason}) and verifying failed too "
            f"({verify_reason}). Do not consume again: verify the token later to find out."
        )
    return ConsumeOutcome(plan, status, summary, failure=failure, proof=proof, reply=reply)
