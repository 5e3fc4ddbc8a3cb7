"""The lookup: verify a purchase and decode it, every failure explained, never raised.

Recorded in the history (a verify changes nothing, so a lookup that could not be recorded
still shows its result, with a warning); input that made no query is answered with its reason
and neither sent nor recorded.
"""

from __future__ import annotations

from console.history import Action
from console.payments import ApiError, PaymentsError, PurchaseQuery, decode_purchase
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
) -> LookupOutcome:
    """`note` (a ticket number, say) is kept with the call in the history; `action` says why
    the verify was made (a plain lookup, or settling a consume whose outcome was unknown)."""
    if isinstance(query, QueryRefused):
        return refused(desk, query)
    outcome = await _verify(desk, query)
    if desk.recorder is not None:
        await desk.recorder.lookup(outcome, action, note)
    return outcome


def refused(desk: DeskContext, refusal: QueryRefused) -> LookupOutcome:
    """The answer to input that made no query: nothing sent, nothing recorded."""
    return _failed(desk, refusal.token, None, failure_from_error(refusal.error))


async def _verify(desk: DeskContext, query: PurchaseQuery) -> LookupOutcome:
    try:
        client = await desk.connection.client()
    except KeyUnavailable as problem:
        return _failed(desk, query.token, query, failure_from_key_problem(problem))
    request = client.prepare_verify(query)
    started = context.now()
    try:
        result = await client.send_verify(request)
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
        )
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
