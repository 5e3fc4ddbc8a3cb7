"""The consume: check → act → verify (DESIGN.md, desk).

- *check* (`check`): the guards, in their order (guards.py), learning each fact only when the
  guards before it have passed — the history's lock, then a fresh verify. A refusal is
  recorded, because the decision matters in a ticket. Sends no consume.
- *act* (`consume`): the request the plan holds, sent once — written ahead to the history
  first (write_ahead.py), never retried by itself.
- *verify*: afterwards, or when the outcome is unknown (a timeout), verify to show the proof;
  verifying is always safe, sending the consume again never is.

`dry_run` walks the guards that need no I/O and prepares the request, sending nothing at all.
"""

from __future__ import annotations

from dataclasses import replace

from console.history import Action
from console.payments import (
    CODE_ERROR_CONSUMING,
    ApiError,
    PaymentsClient,
    PaymentsError,
    PreparedRequest,
    PurchaseQuery,
)
from console.settings.keys import KeyUnavailable

from . import verdicts
from .context import DeskContext
from .failures import failure_from_error
from .guards import ConsumeFacts, judge
from .held_elsewhere import held_refusal
from .lookup import look_up
from .outcomes import NO_KEY_SHOWN, ConsumeOutcome, ConsumePlan, LookupOutcome, Refusal
from .query_input import QueryInput, QueryRefused
from .recording import consume_completion, write_ahead_entry
from .write_ahead import WriteAheadProblem


async def check(
    desk: DeskContext,
    query: QueryInput,
    *,
    developer_payload: str | None = None,
    force: bool = False,
    note: str | None = None,
) -> ConsumePlan:
    """Every guard, and the verify first; sends no consume. A refusal is recorded."""
    plan = await _plan(desk, query, developer_payload, force, note)
    if plan.refusal is not None and desk.recorder is not None:
        await desk.recorder.refused(
            plan, desk.environment.name, desk.environment.default_store, desk.host, note
        )
    return plan


async def _plan(
    desk: DeskContext,
    query: QueryInput,
    developer_payload: str | None,
    force: bool,
    note: str | None,
) -> ConsumePlan:
    facts = _facts(desk, query)
    verdict = judge(facts, force=force)
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return _refused(None, query, developer_payload, verdict.refusal)
    # Before the verify and before any confirmation: a consume that could not be put on
    # record must not get as far as asking the operator.
    facts = replace(facts, history=await desk.write_ahead.check())
    verdict = judge(facts, force=force)
    if verdict.refusal is not None:
        return _refused(None, query, developer_payload, verdict.refusal)
    # Another console's consume of this token in flight: said before anything is asked or
    # sent (the write-ahead checks again, in its transaction). `force` passes it there.
    if not force:
        held = await desk.write_ahead.held_elsewhere(
            query.token, desk.environment.name, Action.CONSUME
        )
        if held is not None:
            return _refused(None, query, developer_payload, held_refusal(held))
    checked = await look_up(desk, query, note=note)
    verdict = judge(replace(facts, purchase=checked), force=force)
    if checked.decoded is None:
        return _refused(checked, query, developer_payload, verdict.refusal)
    client = await desk.connection.client()
    request = client.prepare_consume(query, developer_payload)
    if verdict.refusal is not None:
        return ConsumePlan(checked, query, developer_payload, verdict.refusal, False, None, request)
    forced = verdict.overridden is not None
    return ConsumePlan(
        checked, query, developer_payload, None, forced, verdict.overridden, request, force=force
    )


async def dry_run(
    desk: DeskContext, query: QueryInput, *, developer_payload: str | None = None
) -> ConsumePlan:
    """The consume request exactly as it would be sent, after the guards that need no I/O.
    Sends nothing at all, not even the verify: the plan's `check` is None. Without a key the
    request is still shown, its `Authorization` reading `<no key set>` (`plan.key_set`)."""
    verdict = judge(_facts(desk, query))
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return _refused(None, query, developer_payload, verdict.refusal)
    try:
        client = await desk.connection.client()
    except KeyUnavailable:
        request = _request_without_key(desk, query, developer_payload)
        return ConsumePlan(None, query, developer_payload, None, False, None, request)
    request = client.prepare_consume(query, developer_payload)
    return ConsumePlan(None, query, developer_payload, None, False, None, request)


def _request_without_key(
    desk: DeskContext, query: PurchaseQuery, developer_payload: str | None
) -> PreparedRequest:
    """The request a key would send, `<no key set>` where the key goes: a dry run shows what
    would be sent before anyone has a key (the curl line reads it from its variable)."""
    base_url = desk.environment.base_url
    assert base_url is not None, "the embedded sandbox brings its own key"
    return PaymentsClient.preview(base_url, NO_KEY_SHOWN).prepare_consume(query, developer_payload)


async def consume(
    desk: DeskContext, plan: ConsumePlan, *, note: str | None = None
) -> ConsumeOutcome:
    """Send the consume a plan allows, once, then verify to show the proof.

    Written ahead to the history before it is sent, completed after; refused (status
    REFUSED, nothing sent) when that entry cannot be put on record. Never retries: a
    consume whose reply was lost is settled by verifying, which is safe. Raises
    `WriteInterrupted` (a CancelledError) when cancelled with the consume in flight.
    """
    if not plan.allowed or plan.query is None or plan.check is None or plan.request is None:
        raise ValueError("this consume was refused by a guard; it must not be sent")
    entry = write_ahead_entry(
        plan,
        operator=desk.write_ahead.operator,
        environment=desk.environment.name,
        default_store=desk.environment.default_store,
        host=desk.host,
        note=note,
        deadline_s=desk.deadline_s,
    )
    query = plan.query

    async def send(entry_id: int) -> ConsumeOutcome:
        return await _send(desk, plan, query, note, entry_id)

    written = await desk.write_ahead.run(entry, send, consume_completion, force=plan.force)
    if isinstance(written, WriteAheadProblem):
        refusal = written.refusal("consume")
        if written.held is not None and desk.recorder is not None:
            # The attempt is on record, with its target and the guard, as any refusal is.
            await desk.recorder.refused(
                replace(plan, refusal=refusal),
                desk.environment.name,
                desk.environment.default_store,
                desk.host,
                note,
            )
        return verdicts.not_written_ahead(plan, refusal)
    return replace(written.result, history_entry=written.entry_id, superseded=written.superseded)


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


def _facts(desk: DeskContext, query: QueryInput) -> ConsumeFacts:
    store = query.store if isinstance(query, PurchaseQuery) else query.error
    return ConsumeFacts(desk.environment, store)


def _refused(
    checked: LookupOutcome | None,
    query: QueryInput,
    developer_payload: str | None,
    refusal: Refusal | None,
) -> ConsumePlan:
    # The input guard refuses what made no query, the lookup guard a failed verify.
    assert refusal is not None, "the guards refused, so the walk ended in a refusal"
    if isinstance(query, QueryRefused):
        return ConsumePlan(
            checked, None, developer_payload, refusal, False, None, None, refused_input=query
        )
    return ConsumePlan(checked, query, developer_payload, refusal, False, None, None)


async def record_refused(
    desk: DeskContext,
    query: QueryInput | None,
    refusal: Refusal,
    *,
    lookup: LookupOutcome | None = None,
    note: str | None = None,
) -> None:
    """Put on record a consume a front end refused itself (its form's verdict on the
    purchase on screen, no terminal to confirm on): the target and the guard."""
    if desk.recorder is None:
        return
    if isinstance(query, PurchaseQuery):
        plan = ConsumePlan(lookup, query, None, refusal, False, None, None)
    else:
        plan = ConsumePlan(lookup, None, None, refusal, False, None, None, refused_input=query)
    await desk.recorder.refused(
        plan, desk.environment.name, desk.environment.default_store, desk.host, note
    )


async def record_cancelled(
    desk: DeskContext, plan: ConsumePlan, *, note: str | None = None, reason: str | None = None
) -> None:
    """Put on record a consume the operator declined at the confirmation: nothing was sent."""
    if desk.recorder is None:
        return
    await desk.recorder.cancelled(
        plan,
        desk.environment.name,
        desk.environment.default_store,
        desk.host,
        note,
        reason or "cancelled at the confirmation: nothing was sent",
    )
