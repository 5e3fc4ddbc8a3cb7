"""A shared history whose server goes away loses no record: entries wait in the local spool
(a consume's write-ahead too, durably) and are sent when it answers, in order, each once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from console.history import (
    Action,
    HistoryFilter,
    HistoryStore,
    HistoryUnavailable,
    Outcome,
    Settlement,
)
from console.history.in_flight import Liveness
from console.history.shared_target import SharedTarget
from console.history.spool import spool_path
from console.history.text_search import search_text
from tests.history.history_entries import T0, EntryFactory
from tests.postgres_cluster import PostgresCluster


@pytest.fixture
def server_away(postgres_cluster: PostgresCluster) -> Iterator[PostgresCluster]:
    """The session's server, which the test may stop; it is running again afterwards."""
    try:
        yield postgres_cluster
    finally:
        if not postgres_cluster.running():
            postgres_cluster.pg_ctl("start")


def _uids_on_server(url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT token, action, uid FROM history ORDER BY id").fetchall()
    return [(str(token), str(action), str(uid)) for token, action, uid in rows]


def test_entries_written_while_the_server_is_away_are_sent_once_in_order(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        store.record(make_entry(token="tok-before"))
        server_away.pg_ctl("stop")

        spooled = store.record(make_entry(token="tok-during"))
        assert spooled < 0  # a spool id: never taken for a server entry
        held = store.begin_in_flight(make_entry(action=Action.CONSUME, token="tok-consumed"))
        assert held.entry_id < 0
        # The write-ahead is durable in the spool file before the consume would be sent.
        with HistoryStore(spool_path(history_path)) as spool:
            [marker] = spool.search(HistoryFilter(token="tok-consumed"))
            assert marker.pending and marker.unresolved
        state = store.shared_state()
        assert state is not None and not state.reachable and state.spooled == 2
        assert state.problem is not None and "cannot reach the shared history" in state.problem
        assert "password" not in state.location
        assert any("local spool" in notice for notice in store.notices)
        store.complete(held.entry_id, outcome=Outcome.OK, code=0)
        held.release()

        server_away.pg_ctl("start")
        store.record(make_entry(token="tok-after"))  # sends what waited first
        store.set_note(spooled, "ZD-9")  # a spooled id still finds its entry once sent

    rows = _uids_on_server(postgres_url)
    tokens = [token for token, _, _ in rows]
    assert tokens == ["tok-before", "tok-during", "tok-consumed", "tok-after"]
    assert len({uid for _, _, uid in rows}) == 4  # each once
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as again:
        state = again.shared_state()
        assert state is not None and state.reachable and state.spooled == 0
        [noted] = again.search(HistoryFilter(token="tok-during"))
        assert noted.note == "ZD-9"
        [consume] = again.search(HistoryFilter(token="tok-consumed"))
        assert consume.outcome is Outcome.OK and not consume.pending
    with HistoryStore(spool_path(history_path)) as spool:
        assert spool.count() == 0


def test_sending_the_same_spool_twice_doubles_nothing(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # Two consoles on one machine share the spool; both may send it when the server returns.
    first = HistoryStore(history_path, shared=SharedTarget(postgres_url))
    second = HistoryStore(history_path, shared=SharedTarget(postgres_url))
    try:
        server_away.pg_ctl("stop")
        for n in range(5):
            first.record(make_entry(token=f"tok-{n}"))
        server_away.pg_ctl("start")
        second._spooled = 5  # it learnt of them from the file when it sends
        assert second.send_spooled() + first.send_spooled() == 5
    finally:
        first.close()
        second.close()
    assert sorted(token for token, _, _ in _uids_on_server(postgres_url)) == [
        f"tok-{n}" for n in range(5)
    ]


def test_an_idle_console_learns_the_server_is_back_and_sends_its_spool(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # The banner asks every few seconds while the server is away; nobody writes meanwhile.
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        server_away.pg_ctl("stop")
        store.record(make_entry(token="tok-while-away"))
        away = store.reconnect()
        assert away is not None and not away.reachable and away.spooled == 1
        server_away.pg_ctl("start")
        back = store.reconnect()
        assert back is not None and back.reachable and back.spooled == 0
    assert [token for token, _, _ in _uids_on_server(postgres_url)] == ["tok-while-away"]


def test_a_local_history_has_nothing_to_reconnect(history_path: Path) -> None:
    with HistoryStore(history_path) as store:
        assert store.reconnect() is None


def test_an_outcome_recorded_while_the_server_is_away_reaches_its_server_entry_once(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # The consume was written ahead on the server; the server went away while it was out.
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        held = store.begin_in_flight(make_entry(action=Action.CONSUME, token="tok-out"))
        assert held.entry_id > 0
        server_away.pg_ctl("stop")
        proof = store.record(make_entry(token="tok-out"))  # the verify that proves it: spooled
        assert proof < 0
        superseded = store.complete(
            held.entry_id, outcome=Outcome.OK, code=0, reason="consumed", proof_entry=proof
        )
        assert superseded is None
        held.release()
        state = store.shared_state()
        assert state is not None and not state.reachable and state.spooled == 2
        # Kept durably in the spool file, not in memory: a console closed now keeps it.
        with HistoryStore(spool_path(history_path)) as spool:
            assert spool.count() == 1  # the verify; the outcome waits beside the entries

        server_away.pg_ctl("start")
        back = store.reconnect()
        assert back is not None and back.reachable and back.spooled == 0
        assert store.send_spooled() == 0  # nothing left: nothing applied twice

    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as again:
        [consume] = again.search(HistoryFilter(token="tok-out", action=Action.CONSUME))
        [verify] = again.search(HistoryFilter(token="tok-out", action=Action.VERIFY))
        assert consume.outcome is Outcome.OK and not consume.pending
        assert consume.reason == "consumed" and consume.code == 0
        assert consume.proof_entry == verify.id  # the spooled verify's id, moved to the server's


def test_searches_show_this_consoles_spooled_entries_marked_and_each_once(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # An agent looks a token up while the server is away: what this console did to it must
    # not vanish from the history pane, `history` or "Also touched" just because it waits.
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        store.record(make_entry(token="tok-other", note="before"))
        server_away.pg_ctl("stop")
        store.record(make_entry(token="tok-1", note="ZD-7", at=T0 + timedelta(minutes=1)))
        held = store.begin_in_flight(
            make_entry(action=Action.CONSUME, token="tok-1", at=T0 + timedelta(minutes=2))
        )

        away = store.search(HistoryFilter(token="tok-1"))
        assert [(entry.action, entry.spooled) for entry in away] == [
            (Action.CONSUME, True),
            (Action.VERIFY, True),
        ]
        assert [entry.token for entry in search_text(store, "zd-7")] == ["tok-1"]
        assert [entry.token for entry in store.search()] == ["tok-1", "tok-1"]
        assert any("local spool" in notice for notice in store.notices)

        server_away.pg_ctl("start")
        # Back, but nothing sent yet: the server knows nothing of tok-1, the spool does.
        waiting = store.search(HistoryFilter(token="tok-1"))
        assert [entry.spooled for entry in waiting] == [True, True]
        # A send cut off after the server's commit, before the spool forgot: the entry is in
        # both places for a moment, and listed once — the server's.
        verify = waiting[1]
        other_path = history_path.parent / "another-machine" / "history.sqlite3"
        other_path.parent.mkdir()  # a spool of its own: it sends nothing of this one's
        with HistoryStore(other_path, shared=SharedTarget(postgres_url)) as other:
            assert other.import_entries([verify]) == (1, 0)
        both = store.search(HistoryFilter(token="tok-1"))
        assert [(entry.action, entry.spooled) for entry in both] == [
            (Action.CONSUME, True),
            (Action.VERIFY, False),
        ]
        assert both[1].uid == verify.uid
        assert len(store.search()) == 3  # tok-other, and tok-1's two, each once

        store.complete(held.entry_id, outcome=Outcome.OK, code=0)  # sent once completed
        held.release()
        sent = store.search(HistoryFilter(token="tok-1"))
        assert [(entry.action, entry.spooled) for entry in sent] == [
            (Action.CONSUME, False),
            (Action.VERIFY, False),
        ]
    assert sorted(token for token, _, _ in _uids_on_server(postgres_url)) == [
        "tok-1",
        "tok-1",
        "tok-other",
    ]


def test_a_spooled_consume_whose_console_died_is_found_and_resolved_once_the_server_is_back(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # Written ahead in the spool while the server was away; its console died before the
    # reply, so it stays pending there (only completed entries are sent). On-call must still
    # see it waiting and resolve it — not lose it in the spool for good.
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        store.record(make_entry(token="tok-other"))
        server_away.pg_ctl("stop")
        held = store.begin_in_flight(make_entry(action=Action.CONSUME, token="tok-stuck"))
        held.release()  # its process is gone: the lock no longer held
        with pytest.raises(HistoryUnavailable):
            store.unresolved()  # the server's own cannot be listed: not "nothing waits"

        server_away.pg_ctl("start")
        assert store.reconnect() is not None
        [stuck] = store.unresolved()
        assert (stuck.token, stuck.spooled, stuck.pending) == ("tok-stuck", True, True)
        assert store.count_unresolved() == 1
        assert store.count_unresolved("production") == 0
        assert store.claim(stuck).liveness is Liveness.CLAIMED

        proof = make_entry(token="tok-stuck", note="resolve")
        _, settled = store.settle(
            stuck.id or 0, proof, settlement=Settlement.CONSUMED, resolution="verified consumed"
        )
        assert settled
        assert store.unresolved() == [] and store.count_unresolved() == 0
        state = store.shared_state()
        assert state is not None and state.spooled == 0  # settled: sent, with its proof

    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as again:
        [consume] = again.search(HistoryFilter(token="tok-stuck", action=Action.CONSUME))
        [verify] = again.search(HistoryFilter(token="tok-stuck", action=Action.VERIFY))
        assert not consume.spooled and consume.outcome is Outcome.OK and not consume.pending
        assert consume.resolution == "verified consumed"
        assert consume.proof_entry == verify.id and verify.proves_entry == consume.id


def test_a_timed_out_consume_asked_for_by_its_spool_id_is_found_after_it_was_sent(
    server_away: PostgresCluster,
    postgres_url: str,
    history_path: Path,
    make_entry: EntryFactory,
) -> None:
    # The history pane showed the consume while it waited in the spool (id < 0); the agent
    # asks to resolve that entry after it reached the server under an id of its own.
    with HistoryStore(history_path, shared=SharedTarget(postgres_url)) as store:
        server_away.pg_ctl("stop")
        held = store.begin_in_flight(make_entry(action=Action.CONSUME, token="tok-timeout"))
        store.complete(held.entry_id, outcome=Outcome.UNKNOWN, reason="timed out")
        held.release()
        shown_as = held.entry_id
        assert shown_as < 0

        server_away.pg_ctl("start")
        assert store.reconnect() is not None  # sent: completed, outcome unknown
        [waiting] = store.unresolved(ids=[shown_as])
        assert waiting.token == "tok-timeout" and not waiting.spooled and (waiting.id or 0) > 0
