"""The history in one SQLite file (the default): WAL, busy timeout, bounded retries, every
write in its own short `BEGIN IMMEDIATE` transaction, one lock around the connection for the
threads of one console. sqlite3 exceptions become `HistoryUnavailable` (errors.py)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from console.history.backend import Params, Rows, Transaction
from console.history.errors import HistoryUnavailable, number_out_of_range, unavailable
from console.history.opening import open_history
from console.history.retry import RetryPolicy, with_retry
from console.history.shared_state import SharedHistoryState

if TYPE_CHECKING:  # a consume's: loaded with its write ahead, never for a lookup
    from console.history.in_flight import Claim, InFlightLock

T = TypeVar("T")

_SHORTEST_RETRY_WINDOW_S: Final = 1.0


class _SqliteTransaction:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Params = ()) -> Rows:
        return self._connection.execute(sql, params)

    def insert(self, sql: str, params: Params) -> int:
        cursor = self._connection.execute(sql, params)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def serialize_on(self, key: str) -> None:
        """`BEGIN IMMEDIATE` holds the file's one write lock: writers are already in line."""


class SqliteBackend:
    transaction_class: type[_SqliteTransaction] = _SqliteTransaction
    no_limit = "-1"
    case_blind_like = "LIKE"

    def __init__(self, path: Path, *, busy_timeout_s: float, retry: RetryPolicy) -> None:
        self.path = path
        self.location = str(path)
        self._retry = retry
        self._lock = threading.RLock()
        self._busy_timeout_s = busy_timeout_s
        # Retrying is for locks that answer BUSY at once; a lock that outlasted a whole busy
        # timeout is held for long, and waiting once more per attempt would multiply it.
        self._retry_budget_s = max(busy_timeout_s, _SHORTEST_RETRY_WINDOW_S)
        opened = open_history(path, busy_timeout_s=busy_timeout_s, retry=retry)
        self._connection: sqlite3.Connection | None = opened.connection
        self._notices = opened.notices

    @property
    def notices(self) -> tuple[str, ...]:
        return self._notices

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    def _open_connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise HistoryUnavailable(f"the history {self.path} is closed")
        return self._connection

    def write(
        self, work: Callable[[Transaction], T], *, patient: bool = True, durable: bool = False
    ) -> T:
        """`work` in its own `BEGIN IMMEDIATE` transaction. `patient` False gives up at once
        when another program holds the lock; `durable` syncs the commit to disk (WAL with
        synchronous=NORMAL may lose the last commits to a power cut: not a write-ahead)."""
        with self._lock:
            connection = self._open_connection()

            def transaction() -> T:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self.transaction_class(connection))
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
                return result

            try:
                if not patient:
                    connection.execute("PRAGMA busy_timeout = 0")
                if durable:
                    connection.execute("PRAGMA synchronous = FULL")
                try:
                    if not patient:
                        return transaction()
                    return with_retry(transaction, self._retry, budget_s=self._retry_budget_s)
                finally:
                    if not patient:
                        connection.execute(f"PRAGMA busy_timeout = {self._busy_ms:d}")
                    if durable:
                        connection.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as error:
                raise unavailable(error, self.path) from error
            except OverflowError as error:
                raise number_out_of_range(self.path, error) from error

    @property
    def _busy_ms(self) -> int:
        return max(0, int(self._busy_timeout_s * 1000))

    def read(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        with self._lock:
            connection = self._open_connection()
            try:
                return with_retry(
                    lambda: connection.execute(sql, params).fetchall(),
                    self._retry,
                    budget_s=self._retry_budget_s,
                )
            except sqlite3.Error as error:
                raise unavailable(error, self.path) from error
            except OverflowError as error:
                raise number_out_of_range(self.path, error) from error

    def has_table(self, name: str) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return bool(self.read(sql, (name,)))

    def hold_new(self) -> InFlightLock:
        from console.history.in_flight import hold_new

        try:
            return hold_new(self.path)
        except OSError as error:
            raise HistoryUnavailable(
                f"cannot create the in-flight lock beside the history database {self.path} "
                f"({error.strerror or error})",
                f"make {self.path.parent} writable by you (chmod u+w), or point "
                "NOWGG_CONSOLE_DATA at a folder you can write",
            ) from error

    def claim(self, lock_name: str | None, owner_host: str | None) -> Claim:
        from console.history.in_flight import claim

        return claim(self.path, lock_name, owner_host)

    def shared_state(self) -> SharedHistoryState | None:
        return None

    def close(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is None:
                return
            try:
                # Recommended before closing a long-lived connection: keeps query plans good.
                connection.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # Only an optimisation; closing matters more.
            finally:
                connection.close()
