"""Opening the history file: folder, permissions, pragmas, schema, and a damaged file moved aside.

Damage is detected cheaply on open (the header, and the schema on page one): a file that is
not a database, or whose first page is garbage, is renamed to `<name>.corrupt-<UTC time>`
(with its -wal/-shm companions, so the pair stays readable together for recovery) and a new
history is started. A full integrity check is deliberately not run on every open: it reads
the whole file, and the CLI opens the history on every command. Damage deeper in the file
surfaces later as a `HistoryUnavailable` that names the file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from console.history.errors import (
    HistoryUnavailable,
    damaged,
    folder_unavailable,
    is_corrupt,
    path_is_a_folder,
    unavailable,
)
from console.history.retry import RetryPolicy, with_retry
from console.history.schema import check_columns, check_compatible, migrate

COMPANIONS = ("-wal", "-shm")


@dataclass(frozen=True)
class Opened:
    connection: sqlite3.Connection
    notices: tuple[str, ...]


def open_history(path: Path, *, busy_timeout_s: float, retry: RetryPolicy) -> Opened:
    """A ready connection (WAL, schema current), or `HistoryUnavailable` saying why not."""
    _prepare_file(path)
    notices: list[str] = []

    def retried(operation: Callable[[], object]) -> None:
        # However often a lock makes it retry, opening waits about one busy timeout in all.
        with_retry(operation, retry, budget_s=max(busy_timeout_s, 1.0))

    try:
        connection = _connect(path, busy_timeout_s)
    except sqlite3.Error as error:
        raise unavailable(error, path) from error
    try:
        retried(lambda: _probe(connection))
    except sqlite3.DatabaseError as error:
        connection.close()
        if not is_corrupt(error):
            raise unavailable(error, path) from error
        notices.append(_move_aside(path, error))
        _prepare_file(path)
        try:
            connection = _connect(path, busy_timeout_s)
            retried(lambda: _probe(connection))
        except sqlite3.Error as again:
            raise unavailable(again, path) from again
    try:
        # Checked before the pragmas: switching to WAL would already write to a foreign file.
        retried(lambda: check_compatible(connection, path))
        retried(lambda: _configure(connection))
        retried(lambda: migrate(connection, path))
        retried(lambda: check_columns(connection, path))
    except sqlite3.Error as error:
        connection.close()
        raise unavailable(error, path) from error
    except HistoryUnavailable:
        connection.close()
        raise
    return Opened(connection, tuple(notices))


def _prepare_file(path: Path) -> None:
    # The history holds tokens and order ids: personal data, so the folder and file are the
    # operator's alone. SQLite gives -wal/-shm the main file's permissions.
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise folder_unavailable(error, path.parent) from error
    if path.is_dir():
        raise path_is_a_folder(path)
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError as error:
        raise folder_unavailable(error, path.parent) from error


def _connect(path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE for every write), so
    # a writer takes the lock up front instead of failing on upgrade halfway through.
    # check_same_thread=False: a TUI worker thread may write; the store serialises access.
    return sqlite3.connect(
        path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
    )


def _probe(connection: sqlite3.Connection) -> None:
    """Read the header and the schema: raises DatabaseError (corrupt / not a database)."""
    connection.execute("PRAGMA user_version").fetchone()
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _configure(connection: sqlite3.Connection) -> None:
    # WAL: readers never block the writer and two consoles can share the file. NORMAL is
    # durable against application crashes in WAL mode (only a power cut can lose the last
    # commits), and avoids an fsync per entry. Persistent, but cheap to assert each open.
    connection.execute("PRAGMA journal_mode = WAL").fetchone()
    connection.execute("PRAGMA synchronous = NORMAL")


def _move_aside(path: Path, error: sqlite3.Error) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        os.rename(path, target)
    except FileNotFoundError:
        pass  # Another console moved it aside first; the fresh file is what we want.
    except OSError as os_error:
        raise HistoryUnavailable(
            f"{damaged(path, str(error)).reason} and could not be moved aside "
            f"({os_error.strerror or os_error})",
            damaged(path, str(error)).remedy,
        ) from os_error
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        # A stale -wal left beside a new file would be replayed into it: move it too.
        try:
            os.rename(companion, target.with_name(target.name + suffix))
        except FileNotFoundError:
            pass
        except OSError:
            with contextlib.suppress(OSError):
                companion.unlink(missing_ok=True)
    return (
        f"The history database {path} was damaged ({error}) and was moved aside to {target}; "
        "a new, empty history was started."
    )
