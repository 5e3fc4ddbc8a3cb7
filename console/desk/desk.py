"""The operations, in the one place that applies the guards (DESIGN.md, "desk").

Both front ends call these and nothing below them, so the TUI behaves exactly like the CLI.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from console.history import Action
from console.payments.client import Timeouts
from console.payments.curl import curl_line
from console.payments.decode import decode_purchase
from console.payments.errors import ApiError, PaymentsError
from console.payments.models import PreparedRequest, PurchaseQuery
from console.payments.stores import parse_store, require_store_fields
from console.payments.tokens import clean_token
from console.settings.environments import Environment
from console.settings.keys import KeyResolver, KeyUnavailable

from . import verdicts
from .connection import Connection
from .deadline import request_deadline
from .failures import failure_from_error, failure_from_key_problem
from .guards import environment_guard, state_guard, store_guard
from .outcomes import (
    ConsumeOutcome,
    ConsumePlan,
    Failure,
    LookupOutcome,
    Refusal,
    RefusalReason,
)
from .recording import Recorder, consume_completion, write_ahead_entry
from .write_ahead import WriteAhead, WriteAheadProblem

# A consume answered 3800 may mean "already consumed": verifying then shows the truth.
_CODE_ERROR_CONSUMING = 3800


def _now() -> datetime:
    return datetime.now().astimezone()


class Desk:
    """Lookups and consumes against one environment.

    Every write goes through `write_ahead`: without a history that takes its entry first, a
    consume is refused. A desk made without one (tests, benchmarks) can look up, not consume.
    """

    def __init__(
        self,
        environment: Environment,
        *,
        keys: KeyResolver | None = None,
        timeouts: Timeouts | None = None,
        recorder: Recorder | None = None,
        write_ahead: WriteAhead | None = None,
    ) -> None:
        self.environment = environment
        self.recorder = recorder
        self.write_ahead = write_ahead or WriteAhead(
            recorder.store if recorder else None,
            recorder.operator if recorder else "",
            warnings=recorder.warnings if recorder else None,
        )
        self._keys = keys or KeyResolver()
        self._connection = Connection(environment, self._keys, timeouts or Timeouts())

    @property
    def host(self) -> str:
        return self._connection.host

    @property
    def deadline_s(self) -> float:
        """The total deadline of one request here (this environment's timeouts)."""
        return request_deadline(self._connection.timeouts)

    async def aclose(self) -> None:
        await self._connection.aclose()

    async def __aenter__(self) -> Desk:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- lookup ---------------------------------------------------------------------------

    async def lookup(
        self,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
        note: str | None = None,
        action: Action = Action.VERIFY,
    ) -> LookupOutcome:
        """Verify a purchase and decode it; every failure comes back explained, never raised.
        `note` (a ticket number, say) is kept with the call in the history; `action` says
        why the verify was made (a plain lookup, or settling an unknown consume)."""
        changes: tuple[str, ...] = ()
        try:
            query, changes = self._query(token, store, product_id, currency)
        except PaymentsError as error:
            return self._failed_lookup(token, None, changes, failure_from_error(error))
        return await self._verify(token, query, changes, action=action, note=note)

    async def _verify(
        self,
        raw_token: str,
        query: PurchaseQuery,
        changes: tuple[str, ...],
        *,
        action: Action = Action.VERIFY,
        note: str | None = None,
    ) -> LookupOutcome:
        outcome = await self._send_verify(raw_token, query, changes)
        if self.recorder is not None:
            self.recorder.lookup(outcome, action, note)
        return outcome

    async def _send_verify(
        self, raw_token: str, query: PurchaseQuery, changes: tuple[str, ...]
    ) -> LookupOutcome:
        try:
            client = await self._connection.client()
        except KeyUnavailable as problem:
            return self._failed_lookup(raw_token, query, changes, failure_from_key_problem(problem))
        request = client.prepare_verify(query)
        started = _now()
        try:
            result = await client.verify(query)
        except PaymentsError as error:
            reply = dict(error.reply) if isinstance(error, ApiError) else None
            return LookupOutcome(
                environment=self.environment,
                host=self.host,
                raw_token=raw_token,
                query=query,
                token_changes=changes,
                decoded=None,
                failure=failure_from_error(error),
                request=request,
                reply=reply,
                latency_ms=None,
                at=started,
            )
        return LookupOutcome(
            environment=self.environment,
            host=self.host,
            raw_token=raw_token,
            query=query,
            token_changes=changes,
            decoded=decode_purchase(result.purchase),
            failure=None,
            request=result.request,
            reply=result.envelope.raw,
            latency_ms=result.latency_ms,
            at=started,
        )

    def _failed_lookup(
        self,
        raw_token: str,
        query: PurchaseQuery | None,
        changes: tuple[str, ...],
        failure: Failure,
    ) -> LookupOutcome:
        return LookupOutcome(
            environment=self.environment,
            host=self.host,
            raw_token=raw_token,
            query=query,
            token_changes=changes,
            decoded=None,
            failure=failure,
            request=None,
            reply=None,
            latency_ms=None,
            at=_now(),
        )

    def _query(
        self,
        token: str,
        store: str | None,
        product_id: str | None,
        currency: str | None,
    ) -> tuple[PurchaseQuery, tuple[str, ...]]:
        cleaned = clean_token(token)
        chosen = parse_store(store) if store else self.environment.default_store
        product_id = product_id.strip() if product_id and product_id.strip() else None
        currency = currency.strip() if currency and currency.strip() else None
        require_store_fields(chosen, product_id, currency)
        return PurchaseQuery(cleaned.value, chosen, product_id, currency), cleaned.changes

    # --- consume: check → act → verify ----------------------------------------------------

    async def check_consume(
        self,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
        developer_payload: str | None = None,
        force: bool = False,
        note: str | None = None,
    ) -> ConsumePlan:
        """Apply every guard and verify first; sends no consume. A refusal is recorded."""
        plan = await self._plan_consume(
            token, store, product_id, currency, developer_payload, force, note
        )
        if plan.refusal is not None and self.recorder is not None:
            self.recorder.refused(plan, self.environment.name, self.host, note)
        return plan

    async def _plan_consume(
        self,
        token: str,
        store: str | None,
        product_id: str | None,
        currency: str | None,
        developer_payload: str | None,
        force: bool,
        note: str | None,
    ) -> ConsumePlan:
        guarded = self._guard_before_sending(token, store, product_id, currency, developer_payload)
        if isinstance(guarded, ConsumePlan):
            return guarded
        query, changes = guarded
        # Before the verify and before any confirmation: a consume that could not be put on
        # record must not get as far as asking the operator.
        problem = await self.write_ahead.check()
        if problem is not None:
            return _refused(None, query, developer_payload, problem.refusal("consume"))
        check = await self._verify(token, query, changes, note=note)
        if check.decoded is None:
            failure = check.failure
            message = failure.reason if failure else "the purchase could not be verified"
            return _refused(
                check,
                query,
                developer_payload,
                Refusal(
                    RefusalReason.LOOKUP_FAILED,
                    f"verifying first failed, so nothing was consumed: {message}",
                    forceable=False,
                ),
            )
        refusal = state_guard(check.decoded)
        client = await self._connection.client()
        request = client.prepare_consume(query, developer_payload)
        if refusal is not None and not (force and refusal.forceable):
            return ConsumePlan(check, query, developer_payload, refusal, False, None, request)
        return ConsumePlan(
            check, query, developer_payload, None, refusal is not None, refusal, request
        )

    def _guard_before_sending(
        self,
        token: str,
        store: str | None,
        product_id: str | None,
        currency: str | None,
        developer_payload: str | None,
    ) -> tuple[PurchaseQuery, tuple[str, ...]] | ConsumePlan:
        """The guards that need no request: the query to go on with, or the refused plan."""
        refusal = environment_guard(self.environment)
        if refusal is not None:
            return _refused(None, None, developer_payload, refusal)
        try:
            query, changes = self._query(token, store, product_id, currency)
        except PaymentsError as error:
            return _refused(
                None,
                None,
                developer_payload,
                Refusal(RefusalReason.INVALID_INPUT, error.reason, forceable=False),
            )
        refusal = store_guard(query.store)
        if refusal is not None:
            return _refused(None, query, developer_payload, refusal)
        return query, changes

    async def dry_run_consume(
        self,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
        developer_payload: str | None = None,
    ) -> ConsumePlan:
        """The consume request exactly as it would be sent, after the guards that need no
        request. Sends nothing at all, not even the verify: the plan's `check` is None."""
        guarded = self._guard_before_sending(token, store, product_id, currency, developer_payload)
        if isinstance(guarded, ConsumePlan):
            return guarded
        query, _ = guarded
        try:
            client = await self._connection.client()
        except KeyUnavailable as problem:
            return _refused(
                None,
                query,
                developer_payload,
                Refusal(RefusalReason.MISSING_KEY, problem.reason, forceable=False),
            )
        request = client.prepare_consume(query, developer_payload)
        return ConsumePlan(None, query, developer_payload, None, False, None, request)

    async def consume(self, plan: ConsumePlan, *, note: str | None = None) -> ConsumeOutcome:
        """Send the consume a plan allows, once, then verify to show the proof.

        Written ahead to the history before it is sent, completed after; refused (status
        REFUSED, nothing sent) when that entry cannot be put on record. Never retries: a
        consume whose reply was lost is settled by verifying, which is safe. Raises
        `WriteInterrupted` (a CancelledError) when cancelled with the consume in flight.
        """
        if not plan.allowed or plan.query is None or plan.check is None:
            raise ValueError("this consume was refused by a guard; it must not be sent")
        query = plan.query
        entry = write_ahead_entry(
            plan,
            operator=self.write_ahead.operator,
            environment=self.environment.name,
            host=self.host,
            note=note,
            deadline_s=self.deadline_s,
        )

        async def send(entry_id: int) -> ConsumeOutcome:
            return await self._send_consume(plan, query, note)

        written = await self.write_ahead.run(entry, send, consume_completion)
        if isinstance(written, WriteAheadProblem):
            return verdicts.not_written_ahead(plan, written.refusal("consume"))
        return replace(
            written.result, history_entry=written.entry_id, superseded=written.superseded
        )

    async def _send_consume(
        self, plan: ConsumePlan, query: PurchaseQuery, note: str | None
    ) -> ConsumeOutcome:
        client = await self._connection.client()
        try:
            result = await client.consume(query, plan.developer_payload)
        except PaymentsError as error:
            return await self._consume_failed(plan, query, error, note)
        proof = await self._verify(query.token, query, (), note=note)
        return verdicts.after_success(plan, proof, result.envelope.raw, result.latency_ms)

    async def _consume_failed(
        self, plan: ConsumePlan, query: PurchaseQuery, error: PaymentsError, note: str | None
    ) -> ConsumeOutcome:
        failure = failure_from_error(error, consume=True)
        reply = dict(error.reply) if isinstance(error, ApiError) else None
        if not failure.request_sent:
            return verdicts.not_sent(plan, failure)
        if not failure.outcome_unknown:
            proof = None
            if failure.api_code == _CODE_ERROR_CONSUMING:
                proof = await self._verify(query.token, query, (), note=note)
            return verdicts.refused_by_now_gg(plan, failure, proof, reply)
        # The request may have been processed: find out by verifying, never by resending.
        proof = await self._verify(query.token, query, (), action=Action.RESOLVE, note=note)
        return verdicts.after_unknown(plan, failure, proof, reply)

    # --- what a front end shows about requests --------------------------------------------

    def curl_for(self, request: PreparedRequest) -> str:
        """A copy-pasteable curl line with the key replaced by its variable's name."""
        return curl_line(request, self._keys.variable_for(self.environment))


def _refused(
    check: LookupOutcome | None,
    query: PurchaseQuery | None,
    developer_payload: str | None,
    refusal: Refusal,
) -> ConsumePlan:
    return ConsumePlan(check, query, developer_payload, refusal, False, None, None)
