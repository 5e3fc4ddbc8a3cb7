"""The desk's one rule for writes: nothing is sent unless its history entry is on record
first. A history that is off refuses before anything is sent (not even the verify); one that
fails at the write-ahead refuses with nothing consumed; a consume cancelled in flight leaves
its entry on record, outcome unknown, and names it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console.desk import (
    ConsumeStatus,
    Desk,
    Recorder,
    RefusalReason,
    WriteAhead,
    WriteInterrupted,
    preview_consume,
)
from console.desk.write_ahead import left_unknown
from console.history import HistoryStore, HistoryUnavailable
from console.history.in_flight import Liveness
from console.payments.query import PurchaseQuery
from console.payments.wire import CONSUME_PATH
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver
from tests.hostile_server import HostileServer, Reply

TOKEN = "sbx-paid-unconsumed-0001"


def _consumed(sandbox: SandboxServer) -> bool:
    order = sandbox.state.get(TOKEN)
    assert order is not None
    return order.data["consumptionState"] == 1


def _qa(url: str, key: str) -> tuple[Environment, KeyResolver]:
    environment = Environment(name="qa", base_url=url, label="QA", colour="yellow")
    return environment, KeyResolver({key_variable("qa"): key})


async def test_with_the_history_off_nothing_is_sent_not_even_the_verify(
    sandbox: SandboxServer,
) -> None:
    environment, keys = _qa(sandbox.url, sandbox.api_key)
    off = HistoryUnavailable("the history database /x is read-only", "make /x writable")
    gate = WriteAhead(None, "alice", problem=off)
    async with Desk(environment, keys=keys, write_ahead=gate) as desk:
        plan = await desk.check_consume(PurchaseQuery(TOKEN))
        lookup = await desk.lookup(PurchaseQuery(TOKEN))  # a verify still runs
    assert not plan.allowed and plan.check is None
    assert plan.refusal is not None
    assert plan.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE
    assert not plan.refusal.forceable
    assert plan.refusal.message == (
        "the consume was not sent, because it could not be written to the history first "
        "(nothing is sent that is not on record). Cause: the history database /x is "
        "read-only. To fix it: make /x writable; then consume again."
    )
    assert lookup.ok
    form = preview_consume(environment, lookup, write_ahead=gate)
    assert form.refusal is not None and "read-only" in form.refusal.message
    assert not _consumed(sandbox)


async def test_a_write_ahead_that_fails_sends_no_consume(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    environment, keys = _qa(sandbox.url, sandbox.api_key)
    store = HistoryStore(tmp_path / "history.sqlite3")
    async with Desk(environment, keys=keys, recorder=Recorder(store, "alice")) as desk:
        plan = await desk.check_consume(PurchaseQuery(TOKEN))
        assert plan.allowed
        store.close()  # the history goes away between the check and the consume
        outcome = await desk.consume(plan)
    assert outcome.status is ConsumeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE
    assert outcome.summary.startswith("Refused: the consume was not sent")
    assert outcome.history_entry is None
    assert not _consumed(sandbox)


async def test_a_consume_cancelled_in_flight_stays_on_record_and_is_named(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.reply_for_path(CONSUME_PATH, Reply(hold_seconds=60))
    environment, keys = _qa(hostile.url, hostile.api_key)
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        recorder = Recorder(store, "alice")
        async with Desk(environment, keys=keys, recorder=recorder) as desk:
            plan = await desk.check_consume(PurchaseQuery("hostile-token"))
            assert plan.allowed
            task = asyncio.create_task(desk.consume(plan))
            while not any(r.path == "/" + CONSUME_PATH for r in hostile.requests):
                await asyncio.sleep(0.02)
            [in_flight] = desk.write_ahead.in_flight
            task.cancel()
            with pytest.raises(WriteInterrupted) as raised:
                await task
        assert raised.value.entry_id == in_flight
        assert in_flight in left_unknown()
        assert desk.write_ahead.in_flight == ()
        [entry] = store.unresolved()
        assert entry.id == in_flight and entry.deadline_s == desk.deadline_s
        claim = store.claim(entry)
        assert claim.liveness is Liveness.CLAIMED  # its lock went with the interrupted send
        claim.release()
