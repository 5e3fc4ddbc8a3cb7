"""`HistoryStore`: the audit log of every verify and consume, in one SQLite file.

Safe with several consoles open at once (WAL, busy timeout, bounded retries, every write in
its own short `BEGIN IMMEDIATE` transaction) and with several threads of one console (one
lock around the connection). Every failure is a `HistoryUnavailable` with a one-line reason;
sqlite3 exceptions never escape.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from console.history.entries import HistoryEntry, HistoryFilter, JsonMapping, Outcome
from console.history.errors import HistoryEntryNotFound, HistoryUnavailable, unavailable
from console.history.opening import open_history
from console.history.query import NEWEST_FIRST, PROTECTED, UNRESOLVED, search_sql
from console.history.retention import Retention
from console.history.retry import RetryPolicy, with_retry
from console.history.rows import (
    INSERT_SQL,
    SELECT_COLUMNS,
    clean,
    dump_json,
    format_time,
    from_row,
    one_line,
    to_params,
)

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_S: Final = 5.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HistoryStore:
    """The history at `path`, opened (and created, or repaired) on construction.

    `secrets_to_scrub`, when given, is asked for the current API key values on every write;
    any of them found in any stored field is replaced by its masked form. `notices` holds
    messages the front end should show once (a damaged file moved aside).
    """

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        secrets_to_scrub: Callable[[], Iterable[str]] | None = None,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        retry: RetryPolicy | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._path = Path(path).expanduser().absolute()
        self._secrets_to_scrub = secrets_to_scrub
        self._retry = retry or RetryPolicy()
        self._clock = clock
        self._lock = threading.RLock()
        opened = open_history(self._path, busy_timeout_s=busy_timeout_s, retry=self._retry)
        self._connection: sqlite3.Connection | None = opened.connection
        self._notices = opened.notices

    def set_scrubber(self, secrets_to_scrub: Callable[[], Iterable[str]] | None) -> None:
        """Who to ask for the key values to scrub; for owners created after the store."""
        self._secrets_to_scrub = secrets_to_scrub

    @property
    def notices(self) -> tuple[str, ...]:
        """One-line messages to show once, e.g. that a damaged file was moved aside."""
        return self._notices

    @property
    def path(self) -> Path:
        return self._path

    # -- writing ---------------------------------------------------------------------------

    def record(self, entry: HistoryEntry) -> int:
        """Store a finished call; returns its id (`entry.id` is ignored)."""
        return self.record_many([entry])[0]

    def record_many(self, entries: Iterable[HistoryEntry]) -> list[int]:
        """Store many entries in one transaction (imports, benchmarks): all or none."""
        secrets = self._secrets()
        rows = [to_params(entry, secrets) for entry in entries]

        def insert(connection: sqlite3.Connection) -> list[int]:
            ids: list[int] = []
            for row in rows:
                cursor = connection.execute(INSERT_SQL, row)
                assert cursor.lastrowid is not None
                ids.append(cursor.lastrowid)
            return ids

        return self._write(insert)

    def begin(self, entry: HistoryEntry) -> int:
        """Write a consume ahead of sending it: outcome unknown, pending, committed at once.

        If the console is killed before `complete`, the entry stays on record as "outcome
        unknown" until `history resolve` verifies it.
        """
        secrets = self._secrets()
        row = to_params(entry, secrets)
        row.update(outcome=Outcome.UNKNOWN.value, pending=1, reply=None, code=None)
        return self._write(lambda connection: _inserted_id(connection.execute(INSERT_SQL, row)))

    def complete(
        self,
        entry_id: int,
        *,
        outcome: Outcome,
        code: int | None = None,
        reason: str | None = None,
        reply: JsonMapping | None = None,
        latency_ms: float | None = None,
        order_id: str | None = None,
    ) -> None:
        """Finish an entry made by `begin` with what the call returned.

        `order_id` None keeps the one already stored. An outcome of unknown (a timeout)
        leaves the entry waiting for `history resolve`.
        """
        secrets = self._secrets()
        params = (
            Outcome(outcome).value,
            code,
            clean(one_line(reason), secrets),
            dump_json(reply, secrets),
            latency_ms,
            clean(order_id, secrets),
            entry_id,
        )
        self._update(
            "UPDATE history SET outcome = ?, code = ?, reason = ?, reply = ?, latency_ms = ?, "
            "order_id = coalesce(?, order_id), pending = 0 WHERE id = ?",
            params,
            entry_id,
        )

    def set_note(self, entry_id: int, text: str | None) -> None:
        """Attach (or with None or blank text, remove) a ticket note."""
        note = text.strip() if text is not None else None
        self._update(
            "UPDATE history SET note = ? WHERE id = ?",
            (clean(note or None, self._secrets()), entry_id),
            entry_id,
        )

    def resolve(self, entry_id: int, *, outcome: Outcome, resolution: str) -> None:
        """Record what verifying found about an entry whose outcome was unknown.

        Resolving "as unknown" is refused: an entry nobody could settle must stay listed by
        `unresolved()`, not disappear from it.
        """
        if Outcome(outcome) is Outcome.UNKNOWN:
            raise ValueError("an entry cannot be resolved as unknown; leave it unresolved")
        self._update(
            "UPDATE history SET outcome = ?, resolution = ?, resolved_at = ?, pending = 0 "
            "WHERE id = ?",
            (
                Outcome(outcome).value,
                clean(resolution, self._secrets()),
                format_time(self._clock()),
                entry_id,
            ),
            entry_id,
        )

    def prune(self, retention: Retention | None = None) -> int:
        """Delete entries beyond the retention; returns how many went.

        Unresolved consumes and in-flight (pending) entries are always kept, and do not count
        against the row limit.
        """
        keep = retention or Retention()
        cutoff = None if keep.days is None else format_time(self._clock() - timedelta(keep.days))

        def delete(connection: sqlite3.Connection) -> int:
            removed = 0
            if cutoff is not None:
                removed += connection.execute(
                    f"DELETE FROM history WHERE at < ? AND NOT {PROTECTED}", (cutoff,)
                ).rowcount
            if keep.rows is not None:
                removed += connection.execute(
                    "DELETE FROM history WHERE id IN (SELECT id FROM history "
                    f"WHERE NOT {PROTECTED} {NEWEST_FIRST} LIMIT -1 OFFSET ?)",
                    (keep.rows,),
                ).rowcount
            return removed

        return self._write(delete)

    # -- reading ---------------------------------------------------------------------------

    def get(self, entry_id: int) -> HistoryEntry | None:
        rows = self._read(f"SELECT {SELECT_COLUMNS} FROM history WHERE id = ?", (entry_id,))
        entries = self._entries(rows)
        return entries[0] if entries else None

    def search(self, history_filter: HistoryFilter | None = None) -> list[HistoryEntry]:
        """Matching entries, newest first, at most `history_filter.limit`."""
        sql, params = search_sql(history_filter or HistoryFilter())
        return self._entries(self._read(sql, params))

    def unresolved(self, *, older_than: timedelta | None = None) -> list[HistoryEntry]:
        """Consumes whose outcome is unknown and not yet resolved, newest first.

        `older_than` skips entries younger than that, so `history resolve` does not settle a
        consume another console is still waiting on.
        """
        sql = f"SELECT {SELECT_COLUMNS} FROM history WHERE {UNRESOLVED}"
        params: list[object] = []
        if older_than is not None:
            sql += " AND at <= ?"
            params.append(format_time(self._clock() - older_than))
        return self._entries(self._read(f"{sql} {NEWEST_FIRST}", params))

    def _entries(self, rows: Iterable[Sequence[Any]]) -> list[HistoryEntry]:
        """Rows as entries; a row this version cannot read (an action or outcome written by a
        newer version, or by hand) is left out and said once in `notices`, never a crash."""
        entries = []
        for row in rows:
            try:
                entries.append(from_row(row))
            except (ValueError, TypeError) as error:
                notice = (
                    f"history entry {row[0]} in {self._path} cannot be read by this version "
                    f"and is not shown ({error})"
                )
                if notice not in self._notices:
                    self._notices = (*self._notices, notice)
        return entries

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM history", ())[0][0])

    # -- lifecycle -------------------------------------------------------------------------

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

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._connection is None else "open"
        return f"HistoryStore({str(self._path)!r}, {state})"

    # -- plumbing --------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        if self._secrets_to_scrub is None:
            return []
        try:
            return [secret for secret in self._secrets_to_scrub() if secret]
        except Exception as error:
            # Writing without scrubbing could store a key: refuse the write instead.
            raise HistoryUnavailable(
                f"could not get the API keys to keep out of the history ({error})"
            ) from error

    def _open_connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise HistoryUnavailable(f"the history {self._path} is closed")
        return self._connection

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            connection = self._open_connection()

            def transaction() -> T:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    result = work(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
                return result

            try:
                return with_retry(transaction, self._retry)
            except sqlite3.Error as error:
                raise unavailable(error, self._path) from error

    def _update(self, sql: str, params: Sequence[object], entry_id: int) -> None:
        changed = self._write(lambda connection: connection.execute(sql, params).rowcount)
        if changed == 0:
            raise HistoryEntryNotFound(entry_id)

    def _read(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._lock:
            connection = self._open_connection()
            try:
                return with_retry(lambda: connection.execute(sql, params).fetchall(), self._retry)
            except sqlite3.Error as error:
                raise unavailable(error, self._path) from error


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid
