"""The lookup: verify a purchase and decode it, every failure explained, never raised.

Every attempt is recorded in the history — a verify sent, and one refused before sending (its
input as typed, or no key), with its category; a verify changes nothing, so a lookup that could
not be recorded still shows its result, with a warning. A verify answered code 150 tries the
other spelling of the path once (verify_path.py).
"""

from __future__ import annotations

from dataclasses import replace

from console.history import Action
from console.payments import ApiError, PaymentsError, PurchaseQuery, VerifyResult, decode_purchase
from console.settings.keys import KeyUnavailable

from . import context
from .advice import agree_with_guards
from .context import DeskContext
from .failures import failure_from_error, failure_from_key_problem
from .outcomes import Failure, LookupOutcome
from .query_input import QueryInput, QueryRefused


async def look_up(
    desk: DeskContext,
    query: QueryInput,
    *,
    action: Action = Action.VERIFY,
    note: str | None = None,
    record: bool = True,
) -> LookupOutcome:
    """`note` (a ticket number, say) is kept with the call in the history; `action` says why
    the verify was made (a plain lookup, or settling a consume whose outcome was unknown).
    `record` False leaves the recording to the caller (a proof, linked to its consume)."""
    if isinstance(query, QueryRefused):
        outcome = refused(desk, query)
    else:
        outcome = await _verify(desk, query)
    if record and desk.recorder is not None:
        await desk.recorder.lookup(outcome, action, note)
    return outcome


def refused(desk: DeskContext, refusal: QueryRefused) -> LookupOutcome:
    """The answer to input that made no query: nothing sent."""
    failed = _failed(desk, refusal.token, None, failure_from_error(refusal.error))
    return replace(failed, refused_input=refusal)


async def _verify(desk: DeskContext, query: PurchaseQuery) -> LookupOutcome:
    try:
        client = await desk.connection.client()
    except KeyUnavailable as problem:
        return _failed(desk, query.token, query, failure_from_key_problem(problem))
    request = client.prepare_verify(query)
    started = context.now()
    path_note: str | None = None
    result: VerifyResult | None = None
    try:
        try:
            result = await client.send_verify(request)
        except PaymentsError as error:
            from .verify_path import answered_150, try_other_spelling

            if not answered_150(error):
                raise
            tried = await try_other_spelling(desk.connection, client, query, desk.config_path)
            request, path_note = tried.request, tried.note
            if tried.error is not None:
                raise tried.error from None
            result = tried.result
    except PaymentsError as error:
        return LookupOutcome(
            environment=desk.environment,
            host=desk.host,
            raw_token=query.token,
            query=query,
            decoded=None,
            failure=failure_from_error(error),
            request=request,
            reply=dict(error.reply) if isinstance(error, ApiError) else None,
            latency_ms=None,
            at=started,
            verify_path_note=path_note,
        )
    assert result is not None, "a verify that raised nothing has its result"
    return LookupOutcome(
        environment=desk.environment,
        host=desk.host,
        raw_token=query.token,
        query=query,
        decoded=agree_with_guards(decode_purchase(result.purchase), query.store, desk.environment),
        failure=None,
        request=result.request,
        reply=result.envelope.raw,
        latency_ms=result.latency_ms,
        at=started,
        verify_path_note=path_note,
    )


def _failed(
    desk: DeskContext, token: str, query: PurchaseQuery | None, failure: Failure
) -> LookupOutcome:
    return LookupOutcome(
        environment=desk.environment,
        host=desk.host,
        raw_token=token,
        query=query,
        decoded=None,
        failure=failure,
        request=None,
        reply=None,
        latency_ms=None,
        at=context.now(),
    )
