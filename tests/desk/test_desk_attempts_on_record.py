"""Every attempt of the desk is one history entry with its full target and one category:
a verify refused before sending, a verify answered by a proxy's page or a cut-off reply, a
consume sent (linked to the verify that proved it) and one cancelled at the confirmation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from console.desk import Desk, Recorder
from console.history import Action, HistoryStore, Outcome, Settlement
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver
from tests.hostile_server import HostileServer, Reply

PAID = "sbx-paid-unconsumed-0001"
PAGE_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        yield store


def _desk(url: str, key: str | None, history: HistoryStore) -> Desk:
    environment = Environment(name="qa", base_url=url, label="QA", colour="yellow")
    # No key: an empty environment and a keyring that holds nothing (never the OS's).
    keys = KeyResolver({key_variable("qa"): key} if key else {}, backend=fail.Keyring())
    return Desk(environment, keys=keys, recorder=Recorder(history, "qa-operator"))


@pytest.fixture
async def sandbox_desk(sandbox: SandboxServer, history: HistoryStore) -> AsyncIterator[Desk]:
    async with _desk(sandbox.url, sandbox.api_key, history) as desk:
        yield desk


async def test_a_verify_refused_before_sending_is_on_record_with_its_input(
    hostile: HostileServer, history: HistoryStore
) -> None:
    async with _desk(hostile.url, hostile.api_key, history) as desk:
        await desk.lookup(desk.read_query("tok-for-steam", store="steam"))
    async with _desk(hostile.url, None, history) as keyless:
        no_key = await keyless.lookup(keyless.read_query("tok-without-key"))
    assert no_key.category is Outcome.KEY
    assert hostile.requests == []  # neither was sent
    keyless_entry, input_entry = history.search()
    assert (input_entry.action, input_entry.outcome) == (Action.VERIFY, Outcome.INPUT)
    assert (input_entry.token, input_entry.store) == ("tok-for-steam", "steam")
    assert (keyless_entry.outcome, keyless_entry.token) == (Outcome.KEY, "tok-without-key")
    assert keyless_entry.host == input_entry.host == hostile.url.split("/")[2]


async def test_a_proxy_page_is_http_everywhere_and_its_body_travels_with_it(
    hostile: HostileServer, history: HistoryStore
) -> None:
    hostile.default = Reply(502, (("Content-Type", "text/html"),), PAGE_502)
    async with _desk(hostile.url, hostile.api_key, history) as desk:
        outcome = await desk.lookup(desk.read_query("tok-behind-a-proxy"))
    failure = outcome.failure
    assert failure is not None and outcome.category is Outcome.HTTP
    assert outcome.raw_body == PAGE_502  # for the console's raw view
    # A verify leaves nothing in doubt: its words never say the outcome is unknown.
    words = " ".join([failure.explanation.meaning, *failure.explanation.next_steps])
    assert not failure.outcome_unknown and "may or may not" not in words
    (entry,) = history.search()
    assert entry.outcome is Outcome.HTTP  # not "network error", as the screen says
    assert entry.received is not None and "502 Bad Gateway" in str(entry.received["text"])


async def test_a_reply_cut_off_mid_json_is_named_as_such(
    hostile: HostileServer, history: HistoryStore
) -> None:
    cut = b'{"success": true, "code": 0, "codeMsg": "succ'
    hostile.default = Reply(200, body=cut)
    async with _desk(hostile.url, hostile.api_key, history) as desk:
        outcome = await desk.lookup(desk.read_query("tok-cut-off"))
    failure = outcome.failure
    assert failure is not None and failure.kind == "truncated_json"
    assert f"cut off after {len(cut)} bytes" in failure.reason
    causes = " ".join(failure.explanation.causes)
    assert "proxy" in causes and "captive portal" not in causes
    (entry,) = history.search()
    assert entry.outcome is Outcome.PARSE


async def test_a_consume_is_one_row_linked_to_the_verify_that_proved_it(
    sandbox_desk: Desk, history: HistoryStore
) -> None:
    plan = await sandbox_desk.check_consume(sandbox_desk.read_query(PAID))
    outcome = await sandbox_desk.consume(plan)
    assert outcome.category is Outcome.OK
    consume = history.get(outcome.history_entry or 0)
    assert consume is not None and consume.action is Action.CONSUME
    assert (consume.outcome, consume.settlement) == (Outcome.OK, Settlement.CONSUMED)
    proof = history.get(consume.proof_entry or 0)
    assert proof is not None and proof.action is Action.VERIFY
    assert proof.proves_entry == consume.id and proof.token == PAID


async def test_a_consume_cancelled_at_the_confirmation_is_on_record(
    sandbox_desk: Desk, sandbox: SandboxServer, history: HistoryStore
) -> None:
    plan = await sandbox_desk.check_consume(sandbox_desk.read_query(PAID), note="ZD-9")
    await sandbox_desk.record_cancelled(plan, note="ZD-9")
    cancelled = history.search()[0]
    assert (cancelled.action, cancelled.outcome) == (Action.CONSUME, Outcome.CANCELLED)
    assert (cancelled.token, cancelled.store, cancelled.note) == (PAID, "nowgg", "ZD-9")
    assert cancelled.order_id is not None  # the check's verify found the purchase
    assert not cancelled.unresolved
