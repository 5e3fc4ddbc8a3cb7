"""The history on a PostgreSQL server a team shares (psycopg 3).

One connection per console (autocommit; every write in its own explicit transaction), one
lock around it for the threads of one console. The store's SQL is SQLite's spelling and is
translated once per statement (`?` → `%s`, `:name` → `%(name)s`, `IS ?` → `IS NOT DISTINCT
FROM %s`). A connection the server dropped (a restart, a network cut) is replaced on the next
call; a write that failed before its COMMIT was sent is tried once more on the new connection,
one that failed during COMMIT is not (it may have landed). Every psycopg error becomes a
`HistoryUnavailable` naming the server without its password (postgres_errors.py).
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import psycopg

from console.history.backend import Params, Rows, Transaction
from console.history.errors import HistoryUnavailable, SharedHistoryUnreachable
from console.history.in_flight import Claim, InFlightLock
from console.history.postgres_errors import (
    asks_password,
    detail_of,
    is_connection_problem,
    is_retryable,
    unavailable,
)
from console.history.postgres_locks import claim, hold_new
from console.history.postgres_schema import MIGRATE_LOCK, check_current, migrate
from console.history.shared_state import SharedHistoryState
from console.history.shared_target import SharedTarget

T = TypeVar("T")

Connection = psycopg.Connection[tuple[object, ...]]

_LOCK_TIMEOUT: Final = "5s"
"""How long a patient write waits for a row lock (a prune, a resolve) before it says busy."""
_IMPATIENT_LOCK_TIMEOUT: Final = "50ms"
_SERIALIZATION_RETRIES: Final = 3
_RETRY_AFTER_S: Final = 10.0
"""After connecting timed out, how long writes go straight to the spool."""
_SLOW_CONNECT_S: Final = 1.0
_HELD_LOCK_CLASS: Final = MIGRATE_LOCK[0] + 1
_TOKEN: Final = re.compile(r"'[^']*'|\bIS \?|\?|:[A-Za-z_][A-Za-z0-9_]*|%")


@functools.lru_cache(maxsize=256)
def translate(sql: str) -> str:
    """SQLite's placeholders as psycopg's; quoted literals are left alone."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token == "%":
            return "%%"
        if token == "?":
            return "%s"
        if token.startswith("IS"):
            return "IS NOT DISTINCT FROM %s"
        return f"%({token[1:]})s"

    return _TOKEN.sub(one, sql)


class _PostgresTransaction:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Params = ()) -> Rows:
        return self._connection.execute(translate(sql).encode(), _params(params))

    def insert(self, sql: str, params: Params) -> int:
        row = self.execute(f"{sql} RETURNING id", params).fetchone()
        assert row is not None
        return int(row[0])

    def serialize_on(self, key: str) -> None:
        # Held until this transaction ends: two consoles cannot both check and insert.
        self._connection.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_HELD_LOCK_CLASS, key)
        )


def _params(params: Params) -> Params:
    # psycopg takes a sequence or a mapping as they are; SQLite's tuples pass unchanged.
    return dict(params) if isinstance(params, Mapping) else list(params)


class _CommitUncertain(Exception):
    """The connection broke while COMMIT was under way: the write may or may not have landed."""


class PostgresBackend:
    no_limit = "ALL"
    case_blind_like = "ILIKE"

    def __init__(self, target: SharedTarget, *, check_schema: bool = True) -> None:
        """Connects on first use; `check_schema` then creates the schema in an empty database
        and refuses one that is older or newer (False: for `history migrate` alone)."""
        self._target = target
        self.location = target.location
        self._lock = threading.RLock()
        self._connection: Connection | None = None
        self._closed = False
        self._reachable = True
        self._problem: str | None = None
        self._check_schema = check_schema
        self._unreachable_until = 0.0
        self._password: str | None = None
        self._asked_keyring = False

    @property
    def notices(self) -> tuple[str, ...]:
        return ()

    @property
    def is_open(self) -> bool:
        return not self._closed

    # -- connections -------------------------------------------------------------------

    def connect(self) -> Connection:
        """A new connection (autocommit) to the shared history; raises psycopg.Error.

        libpq finds a password itself (PGPASSWORD, ~/.pgpass, a service file); only when the
        server asks for one it did not find is the keyring asked — once per process, so a
        locked keyring is not asked again at every write."""
        try:
            return self._connect(self._password)
        except psycopg.OperationalError as error:
            if self._asked_keyring or self._target.password is None or not asks_password(error):
                raise
            self._asked_keyring = True
            self._password = self._target.password()
            if not self._password:
                raise
            return self._connect(self._password)

    def _connect(self, password: str | None) -> Connection:
        extra: dict[str, Any] = {}
        if password:
            extra["password"] = password
        connection: Connection = psycopg.connect(
            self._target.url,
            autocommit=True,
            connect_timeout=max(1, round(self._target.connect_timeout_s)),
            application_name="nowgg-console",
            options=f"-c lock_timeout={_LOCK_TIMEOUT}",
            **extra,
        )
        return connection

    def _live(self) -> Connection:
        if self._closed:
            raise HistoryUnavailable(f"the shared history at {self.location} is closed")
        if self._connection is None or self._connection.closed:
            if time.monotonic() < self._unreachable_until:
                # Just found away: do not make every write wait for a connect timeout.
                raise SharedHistoryUnreachable(
                    self._problem or f"cannot reach the shared history at {self.location}",
                    "it is tried again in a few seconds",
                )
            started = time.monotonic()
            try:
                connection = self.connect()
            except psycopg.OperationalError:
                # A server that is down answers at once (refused); one that times out would
                # make every write wait as long again: those go to the spool for a while.
                if time.monotonic() - started >= _SLOW_CONNECT_S:
                    self._unreachable_until = time.monotonic() + _RETRY_AFTER_S
                raise
            if self._check_schema:
                try:
                    check_current(connection, self.location)
                except BaseException:
                    connection.close()
                    raise
                self._check_schema = False  # once per process: it cannot go back
            self._connection = connection
        return self._connection

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(psycopg.Error):
                connection.close()

    def _call(self, operation: Callable[[Connection], T], *, retry_lost: bool = True) -> T:
        """`operation` on the live connection; a dropped connection is replaced once (when
        `retry_lost`), serialization failures are tried again, every error is mapped."""
        attempts = 0
        while True:
            attempts += 1
            # A connection that worked and was dropped since (a server restart) is worth one
            # more try; a server that refuses new connections is not.
            reused = self._connection is not None
            try:
                result = operation(self._live())
            except HistoryUnavailable:
                raise
            except _CommitUncertain as uncertain:
                self._drop()
                self._set_unreachable(uncertain.__cause__ or uncertain)
                cause = uncertain.__cause__ or uncertain
                raise HistoryUnavailable(
                    f"the connection to the shared history at {self.location} broke while a "
                    f"write was being committed ({detail_of(cause)})",
                    "look the entry up with `nowgg-console history` once the server answers: "
                    "it may or may not have been stored",
                ) from cause
            except psycopg.Error as error:
                if is_connection_problem(error):
                    self._drop()
                    if retry_lost and attempts == 1 and reused:
                        continue
                    self._set_unreachable(error)
                    raise unavailable(error, self.location) from error
                if is_retryable(error) and attempts <= _SERIALIZATION_RETRIES:
                    continue
                raise unavailable(error, self.location) from error
            except OverflowError as error:
                raise HistoryUnavailable(
                    f"a number too large for the shared history at {self.location} was "
                    f"refused ({error})",
                    "report this as a bug in nowgg-console",
                ) from error
            self._reachable, self._problem = True, None
            return result

    def _set_unreachable(self, error: BaseException) -> None:
        self._reachable = False
        self._problem = unavailable(error, self.location).reason

    # -- the backend's face ------------------------------------------------------------

    def write(
        self, work: Callable[[Transaction], T], *, patient: bool = True, durable: bool = False
    ) -> T:
        def transaction(connection: Connection) -> T:
            committing = False
            try:
                with connection.transaction():
                    if not patient:
                        connection.execute(f"SET LOCAL lock_timeout = '{_IMPATIENT_LOCK_TIMEOUT}'")
                    if durable:
                        # Whatever the server's default: a write-ahead waits for its WAL flush.
                        connection.execute("SET LOCAL synchronous_commit = on")
                    result = work(_PostgresTransaction(connection))
                    committing = True
            except psycopg.OperationalError as error:
                if committing and is_connection_problem(error):
                    raise _CommitUncertain() from error
                raise
            return result

        with self._lock:
            return self._call(transaction)

    def read(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._call(
                lambda connection: connection.execute(
                    translate(sql).encode(), _params(params)
                ).fetchall()
            )

    def has_table(self, name: str) -> bool:
        rows = self.read("SELECT to_regclass(?) IS NOT NULL", (name,))
        return bool(rows and rows[0][0])

    def hold_new(self) -> InFlightLock:
        return self._outside(lambda: hold_new(self.connect))

    def claim(self, lock_name: str | None, owner_host: str | None) -> Claim:
        return self._outside(lambda: claim(self.connect, lock_name))

    def _outside(self, operation: Callable[[], T]) -> T:
        """An operation on a connection of its own (the in-flight locks)."""
        if self._closed:
            raise HistoryUnavailable(f"the shared history at {self.location} is closed")
        try:
            result = operation()
        except psycopg.Error as error:
            if is_connection_problem(error):
                self._set_unreachable(error)
            raise unavailable(error, self.location) from error
        self._reachable, self._problem = True, None
        return result

    def migrate(self) -> tuple[int, int]:
        """`history migrate`: (version before, version after)."""
        with self._lock:
            return self._call(lambda connection: migrate(connection, self.location))

    @property
    def reachable(self) -> bool:
        return self._reachable

    @property
    def problem(self) -> str | None:
        return self._problem

    def shared_state(self) -> SharedHistoryState | None:
        return SharedHistoryState(
            location=self.location, reachable=self._reachable, spooled=0, problem=self._problem
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()
