"""The schema moves forward without losing a row, and a file of ours that lost its table or
columns is refused with the fix, never written into."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from console.history import HistoryStore, HistoryUnavailable
from console.history.retry import RetryPolicy
from console.history.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.history.history_entries import EntryFactory


def _version_one(path: Path) -> None:
    path.parent.mkdir(parents=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        MIGRATIONS[0](connection)
        connection.execute("PRAGMA user_version = 1")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        connection.execute(
            "INSERT INTO history (at, operator, environment, host, action, token, store, "
            "outcome) VALUES ('2024-10-30T06:08:01.000000Z', 'alice', 'production', "
            "'payments-api.now.gg', 'consume', 'tok-v1', 'nowgg', 'unknown')"
        )
    finally:
        connection.close()


def test_a_version_one_history_is_upgraded_with_its_rows(history_path: Path) -> None:
    _version_one(history_path)
    with HistoryStore(history_path) as store:
        [entry] = store.unresolved()
        assert entry.token == "tok-v1"
        assert (entry.owner_host, entry.lock_name, entry.deadline_s) == (None, None, None)
        # Version 4 stamps every old row with an identity of its own, in the file itself, so
        # importing it into a shared history twice stores it once.
        assert entry.uid is not None and len(entry.uid) == 32
        assert (entry.machine, entry.console_version) == (None, None)
    with HistoryStore(history_path) as again:
        assert [e.uid for e in again.unresolved()] == [entry.uid]
    connection = sqlite3.connect(history_path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        connection.close()


def test_a_history_that_lost_columns_is_refused(
    sqlite_store: HistoryStore, history_path: Path, make_entry: EntryFactory
) -> None:
    sqlite_store.record(make_entry())
    sqlite_store.close()
    connection = sqlite3.connect(history_path, isolation_level=None)
    try:
        connection.execute("ALTER TABLE history DROP COLUMN lock_name")
    finally:
        connection.close()
    with pytest.raises(HistoryUnavailable) as raised:
        HistoryStore(history_path)
    assert "its history table lacks the columns lock_name" in raised.value.reason
    assert raised.value.remedy.startswith(f"move it away (mv {history_path}")


def test_a_lock_held_past_the_busy_timeout_is_not_waited_out_again(
    history_path: Path, make_entry: EntryFactory
) -> None:
    pauses: list[float] = []
    policy = RetryPolicy(attempts=6, sleep=pauses.append)
    with HistoryStore(history_path, busy_timeout_s=1.5, retry=policy) as store:
        blocker = sqlite3.connect(history_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(HistoryUnavailable, match="locked by another program") as raised:
                store.record(make_entry())
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    # One busy timeout was waited; five more would have been a 9 s hang per write.
    assert pauses == []
    assert raised.value.busy


def _version_two(path: Path, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    """A schema-2 history with rows of (action, outcome, reason, resolved_at)."""
    path.parent.mkdir(parents=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        MIGRATIONS[0](connection)
        MIGRATIONS[1](connection)
        connection.execute("PRAGMA user_version = 2")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        for number, (action, outcome, reason, resolved_at) in enumerate(rows, start=1):
            connection.execute(
                "INSERT INTO history (at, operator, environment, host, action, token, store, "
                "outcome, reason, resolved_at) VALUES (?, 'alice', 'qa', 'qa.example', ?, ?, "
                "'nowgg', ?, ?, ?)",
                (
                    f"2024-10-30T06:08:0{number}.000000Z",
                    action,
                    f"tok-{number}",
                    outcome,
                    reason,
                    resolved_at,
                ),
            )
    finally:
        connection.close()


def test_a_version_two_history_moves_onto_the_shared_categories(history_path: Path) -> None:
    resolved = "2024-10-30T07:00:00.000000Z"
    _version_two(
        history_path,
        [
            ("verify", "api_error", "the purchase token is invalid", None),
            ("verify", "network_error", "HTTP 502 Bad Gateway: <html>", None),
            ("verify", "network_error", "the reply (HTTP 200) is not JSON: <", None),
            ("verify", "network_error", "no reply within 15 s (timeout)", None),
            ("verify", "network_error", "connection refused", None),
            ("consume", "network_error", "no reply within 15 s (timeout)", resolved),
            ("consume", "ok", "Consumed.", None),
            ("consume", "refused", "read_only: qa is read-only", None),
            ("consume", "refused", "interrupted before it was sent: nothing was sent", None),
        ],
    )
    with HistoryStore(history_path) as store:
        entries = {entry.token: entry for entry in store.search()}
    outcomes = [entries[f"tok-{n}"].outcome.value for n in range(1, 10)]
    assert outcomes == [
        "api",
        "http",
        "parse",
        "timeout",
        "network",
        "unknown",  # its own reply never came; resolve found it not consumed
        "ok",
        "refused",
        "cancelled",
    ]
    assert entries["tok-6"].settlement == "not_consumed" and not entries["tok-6"].unresolved
    assert entries["tok-7"].settlement == "consumed"
    assert entries["tok-8"].guard == "read_only"
