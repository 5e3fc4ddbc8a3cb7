"""Recording, searching, notes, write-ahead and resolve on one store."""

from __future__ import annotations

import re
import socket
import sqlite3
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from console import __version__
from console.history import (
    Action,
    HistoryEntryNotFound,
    HistoryFilter,
    HistoryStore,
    HistoryUnavailable,
    Outcome,
    Settlement,
)
from console.history.schema import SCHEMA_VERSION
from console.history.shared_target import SharedTarget
from tests.history.conftest import sqlite_connection
from tests.history.history_entries import T0, EntryFactory


def test_record_and_get_round_trip_every_field(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry = make_entry(
        action=Action.CONSUME,
        product_id="gems_100",
        currency="KRW",
        order_id="1-2022052708285322094340093",
        outcome=Outcome.API,
        code=3901,
        reason="the purchase token is invalid",
        note="ZD-1234",
        resolution="verified: consumed",
        resolved_at=T0 + timedelta(minutes=5),
        reply={"success": False, "code": 3901, "codeMsg": "bad", "data": {"ü": [1, 2.5, None]}},
    )
    entry_id = store.record(entry)
    stored = store.get(entry_id)
    assert stored is not None
    # Who wrote it, where, with what: stamped on write, and the identity unique.
    assert stored.uid is not None and re.fullmatch(r"[0-9a-f]{32}", stored.uid)
    assert stored.machine == socket.gethostname()
    assert stored.console_version == __version__
    assert stored == replace(
        entry,
        id=entry_id,
        uid=stored.uid,
        machine=stored.machine,
        console_version=__version__,
    )
    assert store.get(entry_id + 1) is None
    again = store.get(store.record(entry))
    assert again is not None and again.uid != stored.uid


def test_an_entry_keeps_the_identity_it_was_made_with(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry = make_entry(uid="0123456789abcdef0123456789abcdef", machine="desk-7")
    stored = store.get(store.record(entry))
    assert stored is not None
    assert (stored.uid, stored.machine) == ("0123456789abcdef0123456789abcdef", "desk-7")
    with pytest.raises(HistoryUnavailable):
        store.record(entry)  # the same entry twice: refused, never a second row
    assert store.count() == 1


def test_times_are_utc_and_naive_times_refused(make_entry: EntryFactory) -> None:
    paris = datetime(2024, 10, 30, 8, 8, 1, tzinfo=datetime.now().astimezone().tzinfo)
    assert make_entry(at=paris).at.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        make_entry(at=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        HistoryFilter(since=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="limit"):
        HistoryFilter(limit=0)


def test_reason_is_kept_to_one_line(store: HistoryStore, make_entry: EntryFactory) -> None:
    entry_id = store.record(make_entry(reason="line one\n  line two\r\n"))
    assert store.get(entry_id).reason == "line one line two"  # type: ignore[union-attr]


@pytest.fixture
def varied(store: HistoryStore, make_entry: EntryFactory) -> dict[str, int]:
    """Six entries, one minute apart, differing in every searchable field."""
    specs: dict[str, dict[str, Any]] = {
        "a": dict(environment="sandbox", token="tok-A", action=Action.VERIFY, note="ZD-100"),
        "b": dict(
            environment="production",
            token="tok-B",
            order_id="1-B",
            action=Action.CONSUME,
            outcome=Outcome.API,
            code=3800,
        ),
        "c": dict(
            environment="production", token="tok-A", order_id="1-A", note="ticket zd-200 50%_off"
        ),
        "d": dict(
            environment="sandbox",
            token="tok-C",
            action=Action.RESOLVE,
            outcome=Outcome.NETWORK,
        ),
        "e": dict(environment="sandbox", token="tok-A", outcome=Outcome.REFUSED, note="ZD-100"),
        "f": dict(
            environment="production-cn",
            token="tok-D",
            action=Action.CONSUME,
            outcome=Outcome.UNKNOWN,
            pending=True,
        ),
    }
    return {
        name: store.record(make_entry(at=T0 + timedelta(minutes=i), **spec))
        for i, (name, spec) in enumerate(specs.items())
    }


def _names(store: HistoryStore, ids: dict[str, int], **criteria: object) -> list[str]:
    by_id = {entry_id: name for name, entry_id in ids.items()}
    return [by_id[e.id] for e in store.search(HistoryFilter(**criteria))]  # type: ignore[arg-type,index]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["f", "e", "d", "c", "b", "a"]),
        ({"environment": "sandbox"}, ["e", "d", "a"]),
        ({"token": "tok-A"}, ["e", "c", "a"]),
        ({"order_id": "1-A"}, ["c"]),
        ({"ticket": "zd-100"}, ["e", "a"]),
        ({"ticket": "ZD"}, ["e", "c", "a"]),
        ({"ticket": "50%_"}, ["c"]),
        ({"ticket": "%"}, ["c"]),
        ({"since": T0 + timedelta(minutes=3)}, ["f", "e", "d"]),
        ({"action": Action.CONSUME}, ["f", "b"]),
        ({"action": "resolve"}, ["d"]),
        ({"outcome": Outcome.API}, ["b"]),
        ({"outcome": Outcome.UNKNOWN}, ["f"]),
        ({"environment": "sandbox", "token": "tok-A", "outcome": Outcome.OK}, ["a"]),
        ({"limit": 2}, ["f", "e"]),
        ({"limit": None}, ["f", "e", "d", "c", "b", "a"]),
        ({"token": "nobody"}, []),
    ],
)
def test_search_by_every_filter_newest_first(
    store: HistoryStore,
    varied: dict[str, int],
    criteria: dict[str, object],
    expected: list[str],
) -> None:
    assert _names(store, varied, **criteria) == expected


def test_same_time_orders_by_id_and_default_limit_is_200(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    ids = store.record_many([make_entry(token=f"t{i}") for i in range(250)])
    found = store.search()
    assert len(found) == 200
    assert [e.id for e in found] == sorted(ids, reverse=True)[:200]
    assert store.count() == 250


def test_write_ahead_then_complete(store: HistoryStore, make_entry: EntryFactory) -> None:
    entry_id = store.begin(
        make_entry(action=Action.CONSUME, outcome=Outcome.OK, code=0, order_id="1-known")
    )
    ahead = store.get(entry_id)
    assert ahead is not None
    assert (ahead.pending, ahead.outcome, ahead.code, ahead.reply) == (
        True,
        Outcome.UNKNOWN,
        None,
        None,
    )
    assert [e.id for e in store.unresolved()] == [entry_id]

    store.complete(entry_id, outcome=Outcome.OK, code=0, reply={"success": True}, latency_ms=80.0)
    done = store.get(entry_id)
    assert done is not None
    assert (done.pending, done.outcome, done.code, done.latency_ms, done.order_id) == (
        False,
        Outcome.OK,
        0,
        80.0,
        "1-known",
    )
    assert store.unresolved() == []


def test_a_timeout_stays_unresolved_until_resolved(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry_id = store.begin(make_entry(action=Action.CONSUME))
    store.complete(entry_id, outcome=Outcome.UNKNOWN, reason="timed out after 10 s")
    assert [e.id for e in store.unresolved()] == [entry_id]
    store.resolve(entry_id, settlement=Settlement.CONSUMED, resolution="verify #7: consumed")
    resolved = store.get(entry_id)
    assert resolved is not None
    assert resolved.resolution == "verify #7: consumed"
    assert resolved.resolved_at is not None and resolved.outcome is Outcome.OK
    assert store.unresolved() == []


def test_unresolved_older_than_skips_consumes_in_flight(
    history_path: Path, make_entry: EntryFactory
) -> None:
    now = T0 + timedelta(minutes=10)
    with HistoryStore(history_path, clock=lambda: now) as store:
        old = store.begin(make_entry(action=Action.CONSUME, at=T0))
        store.begin(make_entry(action=Action.CONSUME, at=now - timedelta(seconds=5)))
        assert [e.id for e in store.unresolved(older_than=timedelta(minutes=1))] == [old]
        assert len(store.unresolved()) == 2


def test_notes_set_replace_and_clear(store: HistoryStore, make_entry: EntryFactory) -> None:
    entry_id = store.record(make_entry())
    store.set_note(entry_id, "  ZD-4321: player paid twice  ")
    assert store.get(entry_id).note == "ZD-4321: player paid twice"  # type: ignore[union-attr]
    assert [e.id for e in store.search(HistoryFilter(ticket="4321"))] == [entry_id]
    store.set_note(entry_id, "   ")
    assert store.get(entry_id).note is None  # type: ignore[union-attr]


def test_unknown_ids_are_reported(store: HistoryStore) -> None:
    with pytest.raises(HistoryEntryNotFound, match="#42"):
        store.set_note(42, "x")
    with pytest.raises(HistoryEntryNotFound):
        store.complete(42, outcome=Outcome.OK)
    with pytest.raises(HistoryEntryNotFound):
        store.resolve(42, settlement=Settlement.CONSUMED, resolution="x")


def test_pragmas_schema_and_permissions(sqlite_store: HistoryStore, history_path: Path) -> None:
    connection = sqlite_connection(sqlite_store)

    def pragma(name: str) -> object:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 1  # NORMAL
    assert pragma("busy_timeout") == 5000
    assert pragma("user_version") == SCHEMA_VERSION
    assert stat.S_IMODE(history_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(history_path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("criteria", "index"),
    [
        ({"token": "t"}, "history_token"),
        ({"order_id": "o"}, "history_order_id"),
        ({}, "history_at"),
    ],
)
def test_searches_use_their_index_without_sorting(
    sqlite_store: HistoryStore, criteria: dict[str, object], index: str
) -> None:
    from console.history.query import search_sql

    sql, params = search_sql(HistoryFilter(**criteria))  # type: ignore[arg-type]
    connection = sqlite_connection(sqlite_store)
    plan = " ".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert index in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize(
    ("criteria", "index"),
    [
        ({"token": "t"}, "history_token"),
        ({"order_id": "o"}, "history_order_id"),
        ({}, "history_at"),
    ],
)
def test_postgresql_searches_use_their_index_without_sorting(
    postgres_url: str, history_path: Path, criteria: dict[str, object], index: str
) -> None:
    from console.history.postgres_backend import translate
    from console.history.query import search_sql

    HistoryStore(history_path, shared=SharedTarget(postgres_url)).close()  # the schema
    sql, params = search_sql(HistoryFilter(**criteria), like="ILIKE")  # type: ignore[arg-type]
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        # An empty table is read whole by choice; the plan the data will get is the question.
        connection.execute("SET enable_seqscan = off")
        rows = connection.execute(f"EXPLAIN {translate(sql)}".encode(), params).fetchall()
    plan = " ".join(str(row[0]) for row in rows)
    assert index in plan
    assert "Sort" not in plan


def test_history_survives_reopening(history_path: Path, make_entry: EntryFactory) -> None:
    with HistoryStore(history_path) as first:
        entry_id = first.record(make_entry())
    with HistoryStore(history_path) as second:
        assert second.get(entry_id) is not None
        assert second.notices == ()


def test_a_closed_store_says_so(history_path: Path) -> None:
    store = HistoryStore(history_path)
    store.close()
    store.close()  # twice is harmless
    with pytest.raises(HistoryUnavailable, match="closed"):
        store.search()


def test_someone_elses_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE accounts (id)")
    before = path.read_bytes()
    with pytest.raises(HistoryUnavailable, match="not a nowgg-console history"):
        HistoryStore(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(history_path: Path) -> None:
    HistoryStore(history_path).close()
    with sqlite3.connect(history_path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryUnavailable, match="newer nowgg-console"):
        HistoryStore(history_path)
