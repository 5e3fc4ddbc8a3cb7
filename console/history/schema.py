"""The history's tables, indexes and schema version, with a hook for later migrations.

The version lives in `PRAGMA user_version`; `MIGRATIONS[n]` turns version n into n + 1, so a
later change adds one function and bumps `SCHEMA_VERSION`. `PRAGMA application_id` marks the
file as ours, so pointing the console at somebody else's SQLite file is refused rather than
written into. A file of ours that lost its table or columns (damaged, or edited by hand) is
refused too: a consume must never be sent on the strength of a write that cannot land.

Version 2 records who holds a consume in flight (host, process id, the name of its lock file)
and the deadline of its request, so `history resolve` can leave alone what is still running.

Version 3 classifies every outcome once, in the categories every layer shares (ok, api, http,
parse, network, timeout, input, key, refused, cancelled, unknown), and links a consume to the
verify that proved it (`proof_entry`, and `proves_entry` on the verify); it records the guard
that refused a consume, what verifying established (`settlement`), and the body of a reply
that was not JSON (`received`). Existing rows are moved onto the categories (migration_v3.py).

Version 4 gives every entry a stable identity made on the writing machine (`uid`, unique;
existing rows are stamped with one), the machine that wrote it and the console's version, and
an index for "by operator, newest first" — what a shared history and `history import` need.

`housekeeping` (when each console chore was last done, e.g. pruning) is created by the first
chore, outside the versioned schema: a table older versions never look at, so adding it does
not make them refuse the file as "newer".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

from console.history.errors import DATA_VARIABLE, HistoryUnavailable
from console.history.migration_v3 import classify_outcomes

SCHEMA_VERSION: Final = 4
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


HOUSEKEEPING_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS housekeeping (task TEXT PRIMARY KEY, done_at TEXT NOT NULL)"
)


def _create_v1(connection: sqlite3.Connection) -> None:
    for statement in _V1:
        connection.execute(statement)


_V2: Final = (
    "ALTER TABLE history ADD COLUMN owner_host TEXT",
    "ALTER TABLE history ADD COLUMN owner_pid INTEGER",
    "ALTER TABLE history ADD COLUMN lock_name TEXT",  # the lock file: see in_flight.py
    "ALTER TABLE history ADD COLUMN deadline_s REAL",  # the request's total deadline
)


def _add_in_flight_owner(connection: sqlite3.Connection) -> None:
    for statement in _V2:
        connection.execute(statement)


_V4: Final = (
    "ALTER TABLE history ADD COLUMN uid TEXT",
    "ALTER TABLE history ADD COLUMN machine TEXT",
    "ALTER TABLE history ADD COLUMN console_version TEXT",
    # Every existing row gets its uid now, in this file: importing it into a shared history
    # twice then stores each entry once.
    "UPDATE history SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL",
    "CREATE UNIQUE INDEX history_uid ON history (uid)",
    "CREATE INDEX history_operator ON history (operator, at)",
)


def _add_identity(connection: sqlite3.Connection) -> None:
    for statement in _V4:
        connection.execute(statement)


MIGRATIONS: Final[Mapping[int, Migration]] = {
    0: _create_v1,
    1: _add_in_flight_owner,
    2: classify_outcomes,
    3: _add_identity,
}

COLUMNS: Final = (
    "id",
    "at",
    "operator",
    "environment",
    "host",
    "action",
    "token",
    "store",
    "product_id",
    "currency",
    "order_id",
    "outcome",
    "code",
    "reason",
    "request",
    "reply",
    "latency_ms",
    "note",
    "pending",
    "resolution",
    "resolved_at",
    "owner_host",
    "owner_pid",
    "lock_name",
    "deadline_s",
    "guard",
    "settlement",
    "proof_entry",
    "proves_entry",
    "received",
    "uid",
    "machine",
    "console_version",
)
"""The columns of `history` at `SCHEMA_VERSION`, in table order."""


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
            f"(schema {version}; this one knows up to {SCHEMA_VERSION})",
            f"upgrade nowgg-console, or point {DATA_VARIABLE} at another folder to keep a "
            "separate history for this version",
        )
    if version == 0:
        tables = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise _foreign(path)
    elif not _is_ours(connection):
        raise _foreign(path)
    elif not _has_table(connection):
        raise _table_lost(path, "its history table is missing")


def check_columns(connection: sqlite3.Connection, path: Path) -> None:
    """After migrating: every column this version writes is there."""
    found = {row[1] for row in connection.execute("PRAGMA table_info(history)")}
    if not found:
        raise _table_lost(path, "its history table is missing")
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise _table_lost(path, f"its history table lacks the columns {', '.join(missing)}")


def _has_table(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'history'"
    ).fetchone()
    return bool(row[0])


def _foreign(path: Path) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"{path} is an SQLite database but not a nowgg-console history",
        f"point {DATA_VARIABLE} at another folder, or move that file away if it does not "
        "belong there",
    )


def _table_lost(path: Path, what: str) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"the history database {path} is damaged: {what} (a damaged file, or one edited by hand)",
        f"move it away (mv {path} {path}.damaged, kept for inspection); a new history is "
        "started on the next command",
    )
