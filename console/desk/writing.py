"""The one path of a write (consume, acknowledge): check → act, the operation a parameter
(write_operation.py). What follows the send — a consume's verify, an acknowledge's reply read
as its proof — is each operation's own module (consume.py, acknowledge.py).

- *check* (`check`): the guards in their one order (guards.py), learning each fact only when
  the guards before it have passed — the history's lock, then a fresh verify (and from it the
  deadline, where the operation has one). A refusal is recorded. Sends no write.
- *act* (`send_written_ahead`): the request the plan holds, sent once — written ahead to the
  history first (write_ahead.py), never retried by itself.
- `dry_run` walks the guards that need no I/O and prepares the request, sending nothing at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from console.payments import (
    AcknowledgeDeadline,
    PaymentsClient,
    PreparedRequest,
    PurchaseQuery,
    acknowledge_deadline,
)
from console.settings.keys import KeyUnavailable

from .context import DeskContext
from .guards import WriteFacts, judge
from .held_elsewhere import held_refusal
from .lookup import look_up
from .outcomes import (
    NO_KEY_SHOWN,
    LookupOutcome,
    Refusal,
    WriteOutcome,
    WritePlan,
    WriteStatus,
)
from .query_input import QueryInput, QueryRefused
from .recording import write_ahead_entry, write_completion
from .write_ahead import WriteAheadProblem
from .write_operation import WriteOperation

Clock = Callable[[], datetime]


class RequestMaker(Protocol):
    """A client, or its preview without a key (`PaymentsClient.preview`): what prepares."""

    def prepare_consume(
        self, query: PurchaseQuery, developer_payload: str | None = None
    ) -> PreparedRequest: ...

    def prepare_acknowledge(self, query: PurchaseQuery) -> PreparedRequest: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


async def check(
    desk: DeskContext,
    operation: WriteOperation,
    query: QueryInput,
    *,
    developer_payload: str | None = None,
    force: bool = False,
    note: str | None = None,
    clock: Clock = utc_now,
) -> WritePlan:
    """Every guard, and the verify first; sends no write. A refusal is recorded."""
    plan = await _plan(desk, operation, query, developer_payload, force, note, clock)
    if plan.refusal is not None and desk.recorder is not None:
        await desk.recorder.refused(
            plan, desk.environment.name, desk.environment.default_store, desk.host, note
        )
    return plan


async def _plan(
    desk: DeskContext,
    operation: WriteOperation,
    query: QueryInput,
    developer_payload: str | None,
    force: bool,
    note: str | None,
    clock: Clock,
) -> WritePlan:
    refused = _Refused(operation, query, developer_payload)
    facts = _facts(desk, operation, query)
    verdict = judge(facts, force=force)
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return refused.plan(verdict.refusal)
    # Before the verify and before any confirmation: a write that could not be put on record
    # must not get as far as asking the operator.
    facts = replace(facts, history=await desk.write_ahead.check())
    verdict = judge(facts, force=force)
    if verdict.refusal is not None:
        return refused.plan(verdict.refusal)
    # Another console's write of this token in flight: said before anything is asked or
    # sent (the write-ahead checks again, in its transaction). `force` passes it there.
    if not force:
        held = await desk.write_ahead.held_elsewhere(
            query.token, desk.environment.name, operation.action
        )
        if held is not None:
            return refused.plan(held_refusal(held))
    checked = await look_up(desk, query, note=note)
    deadline = None
    if operation.deadline_rule and checked.decoded is not None:
        deadline = acknowledge_deadline(checked.decoded, clock())
    verdict = judge(replace(facts, purchase=checked, deadline=deadline), force=force)
    if checked.decoded is None:
        return refused.plan(verdict.refusal, checked)
    client = await desk.connection.client()
    request = prepare(client, operation, query, developer_payload)
    # A plan refused after all says nothing of what `force` overrode on the way.
    overridden = verdict.overridden if verdict.refusal is None else None
    return WritePlan(
        checked,
        query,
        developer_payload,
        verdict.refusal,
        overridden is not None,
        overridden,
        request,
        operation=operation,
        deadline=deadline,
        force=force,
    )


async def dry_run(
    desk: DeskContext,
    operation: WriteOperation,
    query: QueryInput,
    *,
    developer_payload: str | None = None,
) -> WritePlan:
    """The request exactly as it would be sent, after the guards that need no I/O. Sends
    nothing at all, not even the verify: the plan's `check` is None. Without a key the
    request is still shown, its `Authorization` reading `<no key set>` (`plan.key_set`)."""
    verdict = judge(_facts(desk, operation, query))
    if verdict.refusal is not None or not isinstance(query, PurchaseQuery):
        return _Refused(operation, query, developer_payload).plan(verdict.refusal)
    builder: RequestMaker
    try:
        builder = await desk.connection.client()
    except KeyUnavailable:
        # The request a key would send, `<no key set>` where the key goes: a dry run shows
        # what would be sent before anyone has a key (the curl line reads it from its
        # variable).
        base_url = desk.environment.base_url
        assert base_url is not None, "the embedded sandbox brings its own key"
        builder = PaymentsClient.preview(base_url, NO_KEY_SHOWN)
    request = prepare(builder, operation, query, developer_payload)
    return WritePlan(
        None, query, developer_payload, None, False, None, request, operation=operation
    )


def prepare(
    builder: RequestMaker,
    operation: WriteOperation,
    query: PurchaseQuery,
    developer_payload: str | None,
) -> PreparedRequest:
    """The operation's request (consume carries the payload; acknowledge only the token)."""
    if operation.deadline_rule:
        return builder.prepare_acknowledge(query)
    return builder.prepare_consume(query, developer_payload)


async def send_written_ahead(
    desk: DeskContext,
    plan: WritePlan,
    send: Callable[[int], Awaitable[WriteOutcome]],
    *,
    note: str | None,
) -> WriteOutcome:
    """Write the plan's entry ahead, then `send(entry_id)` once, then complete the entry.

    Refused (status REFUSED, nothing sent) when that entry cannot be put on record. Raises
    `WriteInterrupted` (a CancelledError) when cancelled with the write in flight."""
    operation = plan.operation
    if not plan.allowed or plan.query is None or plan.check is None or plan.request is None:
        raise ValueError(f"this {operation.name} was refused by a guard; it must not be sent")
    entry = write_ahead_entry(
        plan,
        operator=desk.write_ahead.operator,
        environment=desk.environment.name,
        default_store=desk.environment.default_store,
        host=desk.host,
        note=note,
        deadline_s=desk.deadline_s,
    )
    written = await desk.write_ahead.run(entry, send, write_completion, force=plan.force)
    if isinstance(written, WriteAheadProblem):
        refusal = written.refusal(operation.name)
        if written.held is not None and desk.recorder is not None:
            # The attempt is on record, with its target and the guard, as any refusal is.
            await desk.recorder.refused(
                replace(plan, refusal=refusal),
                desk.environment.name,
                desk.environment.default_store,
                desk.host,
                note,
            )
        return WriteOutcome(
            plan, WriteStatus.REFUSED, f"Refused: {refusal.message}", refusal=refusal
        )
    return replace(written.result, history_entry=written.entry_id, superseded=written.superseded)


def _facts(desk: DeskContext, operation: WriteOperation, query: QueryInput) -> WriteFacts:
    store = query.store if isinstance(query, PurchaseQuery) else query.error
    return WriteFacts(desk.environment, store, operation=operation)


class _Refused:
    """A plan the guards refused, its target the query — or the input as typed when it made
    no query (the input guard), which is what the history records."""

    def __init__(
        self, operation: WriteOperation, query: QueryInput, developer_payload: str | None
    ) -> None:
        self._operation = operation
        self._query = query
        self._payload = developer_payload

    def plan(self, refusal: Refusal | None, checked: LookupOutcome | None = None) -> WritePlan:
        assert refusal is not None, "the guards refused, so the walk ended in a refusal"
        query = self._query
        if isinstance(query, QueryRefused):
            return WritePlan(
                checked,
                None,
                self._payload,
                refusal,
                False,
                None,
                None,
                refused_input=query,
                operation=self._operation,
            )
        return WritePlan(
            checked, query, self._payload, refusal, False, None, None, operation=self._operation
        )


async def record_refused(
    desk: DeskContext,
    operation: WriteOperation,
    query: QueryInput | None,
    refusal: Refusal,
    *,
    lookup: LookupOutcome | None = None,
    note: str | None = None,
    deadline: AcknowledgeDeadline | None = None,
) -> None:
    """Put on record a write a front end refused itself (its form's verdict on the purchase
    on screen, no terminal to confirm on): the target and the guard."""
    if desk.recorder is None:
        return
    target = query if isinstance(query, PurchaseQuery) else None
    typed = query if isinstance(query, QueryRefused) else None
    plan = WritePlan(lookup, target, None, refusal, False, None, None, typed, operation, deadline)
    await desk.recorder.refused(
        plan, desk.environment.name, desk.environment.default_store, desk.host, note
    )


async def record_cancelled(
    desk: DeskContext, plan: WritePlan, *, note: str | None = None, reason: str | None = None
) -> None:
    """Put on record a write the operator declined at the confirmation: nothing was sent."""
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
