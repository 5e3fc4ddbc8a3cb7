"""Acknowledging a subscription purchase: check → act, with the consume's discipline.

- *check* (`check`): the guards in their order (acknowledge_guards.py), learning each fact
  only when the guards before it have passed — the history's lock, then a fresh verify, and
  from it the deadline (purchase time + 3 days, as of the injected clock). A refusal is
  recorded. Sends no acknowledge.
- *act* (`acknowledge`): the request the plan holds, sent once — written ahead to the history
  first (write_ahead.py, the one door), never retried by itself.

Unlike a consume, nothing settles an unknown outcome afterwards: verifyPurchase's reply has no
field that says whether a subscription is acknowledged. What the API does offer is that
acknowledging again is answered (5002 when the first went through), never doubled — so an
unknown outcome is recorded and explained, and the operator decides.

`dry_run` walks the guards that need no I/O and prepares the request, sending nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from console.history import Action
from console.payments import (
    CODE_INVALID_SUBSCRIPTION_OPERATION,
    AcknowledgeDeadline,
    ApiError,
    PaymentsClient,
    PaymentsError,
    PurchaseQuery,
    acknowledge_deadline,
)
from console.settings.keys import KeyUnavailable

from .acknowledge_guards import AcknowledgeFacts, judge
from .acknowledge_outcomes import AcknowledgeOutcome, AcknowledgePlan, AcknowledgeStatus
from .acknowledge_recording import (
    acknowledge_completion,
    record_refusal,
    write_ahead_entry,
)
from .acknowledge_recording import record_cancelled as recording_cancelled
from .context import DeskContext
from .failures import failure_from_error
from .held_elsewhere import held_refusal
from .lookup import look_up
from .outcomes import NO_KEY_SHOWN, Failure, LookupOutcome, Refusal
from .query_input import QueryInput, QueryRefused
from .write_ahead import WriteAheadProblem

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


async def check(
    desk: DeskContext,
    query: QueryInput,
    *,
    force: bool = False,
    note: str | None = None,
    clock: Clock = utc_now,
) -> AcknowledgePlan:
    """Every guard, and the verify first; sends no acknowledge. A refusal is recorded."""
    plan = await _plan(desk, query, force, note, clock)
    if plan.refusal is not None:
        await record_refusal(desk, plan, note)
    return plan


async def _plan(
    desk: DeskContext, query: QueryInput, force: bool, note: str | None, clock: Clock
) -> AcknowledgePlan:
    facts = _facts(desk, query)
    verdict = judge(facts, force=force)
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return _refused(query, verdict.refusal)
    # Before the verify and any confirmation: an acknowledge that could not be put on record
    # must not get as far as asking the operator.
    facts = replace(facts, history=await desk.write_ahead.check())
    verdict = judge(facts, force=force)
    if verdict.refusal is not None:
        return _refused(query, verdict.refusal)
    # Another console's acknowledge of this token in flight (see consume.py).
    if not force:
        held = await desk.write_ahead.held_elsewhere(
            query.token, desk.environment.name, Action.ACKNOWLEDGE
        )
        if held is not None:
            return _refused(query, held_refusal(held))
    checked = await look_up(desk, query, note=note)
    deadline = acknowledge_deadline(checked.decoded, clock()) if checked.decoded else None
    verdict = judge(replace(facts, purchase=checked, deadline=deadline), force=force)
    if checked.decoded is None:
        return AcknowledgePlan(checked, query, None, verdict.refusal, False, None, None)
    client = await desk.connection.client()
    request = client.prepare_acknowledge(query)
    forced = verdict.overridden is not None and verdict.refusal is None
    return AcknowledgePlan(
        checked, query, deadline, verdict.refusal, forced, verdict.overridden, request, force=force
    )


async def dry_run(desk: DeskContext, query: QueryInput) -> AcknowledgePlan:
    """The acknowledge request exactly as it would be sent, after the guards that need no
    I/O. Sends nothing at all, not even the verify: the plan's `check` is None. Without a key
    the request is still shown, its `Authorization` reading `<no key set>` (`plan.key_set`)."""
    verdict = judge(_facts(desk, query))
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return _refused(query, verdict.refusal)
    try:
        client = await desk.connection.client()
    except KeyUnavailable:
        # The request a key would send, `<no key set>` where the key goes (as a consume's).
        base_url = desk.environment.base_url
        assert base_url is not None, "the embedded sandbox brings its own key"
        request = PaymentsClient.preview(base_url, NO_KEY_SHOWN).prepare_acknowledge(query)
        return AcknowledgePlan(None, query, None, None, False, None, request)
    request = client.prepare_acknowledge(query)
    return AcknowledgePlan(None, query, None, None, False, None, request)


async def acknowledge(
    desk: DeskContext, plan: AcknowledgePlan, *, note: str | None = None
) -> AcknowledgeOutcome:
    """Send the acknowledge a plan allows, once, written ahead to the history.

    Refused (status REFUSED, nothing sent) when the entry cannot be put on record. Never
    retries. Raises `WriteInterrupted` (a CancelledError) when cancelled in flight.
    """
    if not plan.allowed or plan.query is None or plan.check is None or plan.request is None:
        raise ValueError("this acknowledge was refused by a guard; it must not be sent")
    entry = write_ahead_entry(
        plan,
        operator=desk.write_ahead.operator,
        environment=desk.environment.name,
        default_store=desk.environment.default_store,
        host=desk.host,
        note=note,
        deadline_s=desk.deadline_s,
    )

    async def send(entry_id: int) -> AcknowledgeOutcome:
        return await _send(desk, plan)

    written = await desk.write_ahead.run(entry, send, acknowledge_completion, force=plan.force)
    if isinstance(written, WriteAheadProblem):
        refusal = written.refusal("acknowledge")
        if written.held is not None:
            # The attempt is on record, with its target and the guard, as any refusal is.
            await record_refusal(desk, replace(plan, refusal=refusal), note)
        return AcknowledgeOutcome(
            plan, AcknowledgeStatus.REFUSED, f"Refused: {refusal.message}", refusal=refusal
        )
    return replace(written.result, history_entry=written.entry_id, superseded=written.superseded)


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


def _facts(desk: DeskContext, query: QueryInput) -> AcknowledgeFacts:
    store = query.store if isinstance(query, PurchaseQuery) else query.error
    return AcknowledgeFacts(desk.environment, store)


def _refused(query: QueryInput, refusal: Refusal | None) -> AcknowledgePlan:
    # The input guard refuses what made no query: the input as typed is the target on record.
    assert refusal is not None, "the guards refused, so the walk ended in a refusal"
    if isinstance(query, QueryRefused):
        return AcknowledgePlan(None, None, None, refusal, False, None, None, refused_input=query)
    return AcknowledgePlan(None, query, None, refusal, False, None, None)


async def record_refused(
    desk: DeskContext,
    query: QueryInput | None,
    refusal: Refusal,
    *,
    lookup: LookupOutcome | None = None,
    deadline: AcknowledgeDeadline | None = None,
    note: str | None = None,
) -> None:
    """Put on record an acknowledge a front end refused itself (its form's verdict on the
    purchase on screen, no terminal to confirm on): the target and the guard."""
    if isinstance(query, PurchaseQuery):
        plan = AcknowledgePlan(lookup, query, deadline, refusal, False, None, None)
    else:
        plan = AcknowledgePlan(lookup, None, deadline, refusal, False, None, None, query)
    await record_refusal(desk, plan, note)


async def record_cancelled(
    desk: DeskContext, plan: AcknowledgePlan, *, note: str | None = None, reason: str | None = None
) -> None:
    """Put on record an acknowledge the operator declined at the confirmation: nothing sent."""
    await recording_cancelled(
        desk, plan, note, reason or "cancelled at the confirmation: nothing was sent"
    )
