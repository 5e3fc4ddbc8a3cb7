"""The history's tables, indexes and schema version, with a hook for later migrations.

The version lives in `PRAGMA user_version`; `MIGRATIONS[n]` turns version n into n + 1, so a
later change adds one function and bumps `SCHEMA_VERSION`. `PRAGMA application_id` marks the
file as ours, so pointing the console at somebody else's SQLite file is refused rather than
written into.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

from console.history.errors import HistoryUnavailable

SCHEMA_VERSION: Final = 1
APPLICATION_ID: Final = 0x6E676763  # "nggc"

Migration = Callable[[sqlite3.Connection], None]

_V1: Final = (
    # AUTOINCREMENT: ids are quoted in tickets, so one must never be reused after a prune.
    """
    CREATE TABLE history (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT    NOT NULL,  -- UTC, fixed-width ISO 8601: sorts as it reads
        operator    TEXT    NOT NULL,
        environment TEXT    NOT NULL,
        host        TEXT    NOT NULL,
        action      TEXT    NOT NULL,
        token       TEXT    NOT NULL,
        store       TEXT    NOT NULL,
        product_id  TEXT,
        currency    TEXT,
        order_id    TEXT,
        outcome     TEXT    NOT NULL,
        code        INTEGER,
        reason      TEXT,
        request     TEXT,              -- JSON, key masked
        reply       TEXT,              -- JSON
        latency_ms  REAL,
        note        TEXT,
        pending     INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
        resolution  TEXT,
        resolved_at TEXT
    )
    """,
    # Newest first everywhere: (at) lists the newest N without sorting; the composite indexes
    # answer "this token / order id, newest first" from the index alone.
    "CREATE INDEX history_at ON history (at)",
    "CREATE INDEX history_token ON history (token, at)",
    "CREATE INDEX history_order_id ON history (order_id, at) WHERE order_id IS NOT NULL",
    # Small by design: only consumes still waiting for `history resolve`.
    """
    CREATE INDEX history_unresolved ON history (at)
    WHERE action = 'consume' AND outcome = 'unknown' AND resolved_at IS NULL
    """,
)


def _create_v1(connection: sqlite3.Connection) -> None:
    for statement in _V1:
        connection.execute(statement)


MIGRATIONS: Final[Mapping[int, Migration]] = {0: _create_v1}


def user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the file up to `SCHEMA_VERSION`, in one transaction (all or nothing).

    Two consoles may open a new file at the same moment: the version is read again under the
    write lock, so only one of them creates the tables.
    """
    if user_version(connection) == SCHEMA_VERSION and _is_ours(connection):
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(connection)
        _check_compatible(connection, version, path)
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
        connection.execute(f"PRAGMA user_version = {version:d}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _is_ours(connection: sqlite3.Connection) -> bool:
    return int(connection.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID


def check_compatible(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse, without writing anything, a file we must not touch (foreign, or newer)."""
    _check_compatible(connection, user_version(connection), path)


def _check_compatible(connection: sqlite3.Connection, version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise HistoryUnavailable(
            f"the history database {path} was written by a newer nowgg-console "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade the console"
        )
    if version == 0:
        tables = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise HistoryUnavailable(
                f"{path} is an SQLite database but not a nowgg-console history; "
                "point the console's data directory elsewhere"
            )
    elif not _is_ours(connection):
        raise HistoryUnavailable(
            f"{path} is an SQLite database but not a nowgg-console history; "
            "point the console's data directory elsewhere"
        )
