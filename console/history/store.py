"""`HistoryStore`: the audit log of every verify and consume, in one SQLite file.

Safe with several consoles open at once (WAL, busy timeout, bounded retries, every write in
its own short `BEGIN IMMEDIATE` transaction) and with several threads of one console (one
lock around the connection). Every failure is a `HistoryUnavailable` with a one-line reason
and a remedy; sqlite3 exceptions (and a number too large for SQLite) never escape.

A consume's write-ahead entry (`begin_in_flight`) is committed with a full sync and read back
the way `history resolve` will find it, under an OS lock its process holds until the outcome
is recorded (in_flight.py).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TypeVar

from console.history.entries import HistoryEntry, HistoryFilter, JsonMapping, Outcome, Settlement
from console.history.errors import (
    HeldElsewhere,
    HistoryEntryNotFound,
    HistoryUnavailable,
    number_out_of_range,
    unavailable,
)
from console.history.in_flight import Claim, HeldLock, claim, hold_new, this_host
from console.history.numbers import code_and_reason, fits_integer, storable_int, storable_real
from console.history.opening import open_history
from console.history.query import (
    HELD_SQL,
    NEWEST_FIRST,
    PROTECTED,
    UNRESOLVED,
    held_params,
    search_sql,
)
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
    parse_time,
    to_params,
)
from console.history.schema import HOUSEKEEPING_TABLE
from console.history.shared_state import SharedHistoryState

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_S: Final = 5.0
PRUNE_EVERY: Final = timedelta(days=1)
"""How often a console prunes: every command opens the history, and pruning writes."""
_PRUNE_TASK: Final = "prune"
_SHORTEST_RETRY_WINDOW_S: Final = 1.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class InFlight:
    """A consume written ahead and not yet completed: its entry, and the lock that tells
    `history resolve` this process is still waiting on it."""

    entry_id: int
    lock: HeldLock

    def release(self) -> None:
        self.lock.release()


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
        self._busy_timeout_s = busy_timeout_s
        # Retrying is for locks that answer BUSY at once; a lock that outlasted a whole busy
        # timeout is held for long, and waiting once more per attempt would multiply it.
        self._retry_budget_s = max(busy_timeout_s, _SHORTEST_RETRY_WINDOW_S)
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

    def shared_state(self) -> SharedHistoryState | None:
        """The shared history's state for the banner; None: this history is a local file."""
        return None

    # -- writing ---------------------------------------------------------------------------

    def record(self, entry: HistoryEntry, *, patient: bool = True) -> int:
        """Store a finished call; returns its id (`entry.id` is ignored). `patient` False
        fails at once, busy, when another program holds the lock (the background writer
        waits that out itself, without holding this store meanwhile)."""
        return self.record_many([entry], patient=patient)[0]

    def record_many(self, entries: Iterable[HistoryEntry], *, patient: bool = True) -> list[int]:
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

        return self._write(insert, patient=patient)

    def begin(self, entry: HistoryEntry, *, force: bool = False) -> int:
        """Write a consume ahead of sending it: outcome unknown, pending, committed at once
        with a full sync, and read back. Raises
        `HistoryUnavailable` unless all of that succeeded.

        The entry is also the marker other consoles see: unless `force`, it is refused with
        `HeldElsewhere` when another process's write of the same action to the same token
        and environment is pending or of unknown outcome, checked and inserted in one
        transaction so that two consoles cannot both pass.

        If the console is killed before `complete`, the entry stays on record as "outcome
        unknown" until `history resolve` verifies it. `begin_in_flight` adds the lock that
        tells resolve the process is still alive.
        """
        secrets = self._secrets()
        owned = replace(
            entry,
            owner_host=entry.owner_host or this_host(),
            owner_pid=entry.owner_pid or os.getpid(),
        )
        row = to_params(owned, secrets)
        row.update(outcome=Outcome.UNKNOWN.value, pending=1, reply=None, code=None)

        def insert(connection: sqlite3.Connection) -> int:
            if not force:
                held = connection.execute(HELD_SQL, held_params(owned)).fetchone()
                if held is not None:
                    raise HeldElsewhere(from_row(held))
            return _inserted_id(connection.execute(INSERT_SQL, row))

        entry_id = self._write(insert, durable=True)
        self._read_back(entry_id)
        return entry_id

    def begin_in_flight(self, entry: HistoryEntry, *, force: bool = False) -> InFlight:
        """`begin`, holding this entry's lock file from before it is written until
        `InFlight.release` (or this process's end)."""
        try:
            lock = hold_new(self._path)
        except OSError as error:
            raise HistoryUnavailable(
                f"cannot create the in-flight lock beside the history database {self._path} "
                f"({error.strerror or error})",
                f"make {self._path.parent} writable by you (chmod u+w), or point "
                "NOWGG_CONSOLE_DATA at a folder you can write",
            ) from error
        try:
            entry_id = self.begin(replace(entry, lock_name=lock.name), force=force)
        except BaseException:
            lock.release()
            raise
        return InFlight(entry_id, lock)

    def _read_back(self, entry_id: int) -> None:
        rows = self._read(
            "SELECT id FROM history WHERE id = ? AND pending = 1 AND outcome = ?",
            (entry_id, Outcome.UNKNOWN.value),
        )
        if not rows:
            raise HistoryUnavailable(
                f"the write-ahead entry {entry_id} could not be read back from the history "
                f"database {self._path}",
                f"the file may be damaged: move it away (mv {self._path} "
                f"{self._path}.damaged); a new history is started on the next command",
            )

    def check_writable(self) -> None:
        """Take the write lock and let it go: raises `HistoryUnavailable` when the history
        cannot be written now (read-only, locked by another program, closed)."""
        self._write(lambda connection: None)

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
        settlement: Settlement | None = None,
        proof_entry: int | None = None,
        resolution: str | None = None,
        received: JsonMapping | None = None,
    ) -> str | None:
        """Finish an entry made by `begin` with what the call returned.

        `order_id` None keeps the one already stored. An outcome of unknown (a timeout)
        leaves the entry waiting for `history resolve`. When `history resolve` has already
        settled the entry (on another host, or forced), a known outcome replaces that stale
        resolution and the row says so; the superseded resolution is returned (else None).
        An unknown outcome never undoes a resolution.

        `settlement` and `proof_entry`: what the verify made right after the consume showed,
        and that verify's entry. `resolution`: when that verify settled an outcome the reply
        left unknown, the words for it (the entry is then resolved, now, on this row).
        """
        secrets = self._secrets()
        code, reason = code_and_reason(code, reason)
        now = format_time(self._clock())
        settled = None if settlement is None else Settlement(settlement).value
        settles_now = resolution

        def finish(connection: sqlite3.Connection) -> tuple[int, str | None]:
            row = connection.execute(
                "SELECT resolution, resolved_at FROM history WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return 0, None
            resolution, resolved_at = row
            if resolved_at is not None and Outcome(outcome) is Outcome.UNKNOWN:
                # What resolve found stands: this completion knows less than it does.
                connection.execute("UPDATE history SET pending = 0 WHERE id = ?", (entry_id,))
                return 1, None
            superseded = None
            if resolved_at is not None:
                superseded = resolution or "(no text)"
                resolution = (
                    f"superseded: history resolve had settled this entry at {resolved_at} as "
                    f"'{superseded}'; the consume's own reply came later, at {now}, and "
                    "replaced that resolution (the outcome and reason are the reply's)"
                )
            elif settles_now:
                resolution, resolved_at = settles_now, now
            changed = connection.execute(
                "UPDATE history SET outcome = ?, code = ?, reason = ?, reply = ?, "
                "latency_ms = ?, order_id = coalesce(?, order_id), pending = 0, "
                "resolution = ?, resolved_at = ?, settlement = coalesce(?, settlement), "
                "proof_entry = coalesce(?, proof_entry), received = ? WHERE id = ?",
                (
                    Outcome(outcome).value,
                    code,
                    clean(one_line(reason), secrets),
                    dump_json(reply, secrets),
                    storable_real(latency_ms),
                    clean(order_id, secrets),
                    clean(resolution, secrets),
                    resolved_at,
                    settled,
                    storable_int(proof_entry),
                    dump_json(received, secrets),
                    entry_id,
                ),
            ).rowcount
            return changed, superseded

        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        changed, superseded = self._write(finish)
        if changed == 0:
            raise HistoryEntryNotFound(entry_id)
        return superseded

    def set_note(self, entry_id: int, text: str | None) -> None:
        """Attach (or with None or blank text, remove) a ticket note."""
        note = text.strip() if text is not None else None
        self._update(
            "UPDATE history SET note = ? WHERE id = ?",
            (clean(note or None, self._secrets()), entry_id),
            entry_id,
        )

    def resolve(
        self,
        entry_id: int,
        *,
        settlement: Settlement,
        resolution: str,
        proof_entry: int | None = None,
    ) -> bool:
        """Record what verifying found about an entry whose outcome was unknown; False when
        the entry was settled meanwhile (its consume's reply came in), which then stands.

        Consumed makes the outcome `ok` (the consume went through); not consumed leaves it
        `unknown` (its own reply never came) with the settlement beside it. `settle` also
        writes the verify that found it, linked both ways, in the same transaction.
        """
        secrets = self._secrets()

        def work(connection: sqlite3.Connection) -> tuple[int, bool]:
            return self._settle_row(
                connection, entry_id, settlement, resolution, proof_entry, secrets
            )

        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        found, settled = self._write(work)
        if not found:
            raise HistoryEntryNotFound(entry_id)
        return settled

    def settle(
        self,
        entry_id: int,
        proof: HistoryEntry,
        *,
        settlement: Settlement | None,
        resolution: str,
    ) -> tuple[int, bool]:
        """Store `proof` (the verify made to settle consume `entry_id`, linked to it) and,
        with a `settlement`, resolve the consume with it — one transaction, so the consume
        is never resolved by a verify that is not on record. Returns the proof's id, and
        whether the consume was settled by it (False when its own reply was recorded
        meanwhile, which then stands, or when `settlement` is None: verifying failed)."""
        secrets = self._secrets()
        row = to_params(replace(proof, proves_entry=entry_id), secrets)

        def work(connection: sqlite3.Connection) -> tuple[int, int, bool]:
            exists = connection.execute("SELECT 1 FROM history WHERE id = ?", (entry_id,))
            if exists.fetchone() is None:
                return 0, 0, False
            proof_id = _inserted_id(connection.execute(INSERT_SQL, row))
            if settlement is None:
                return 1, proof_id, False
            _, settled = self._settle_row(
                connection, entry_id, settlement, resolution, proof_id, secrets
            )
            return 1, proof_id, settled

        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        found, proof_id, settled = self._write(work)
        if not found:
            raise HistoryEntryNotFound(entry_id)
        return proof_id, settled

    def _settle_row(
        self,
        connection: sqlite3.Connection,
        entry_id: int,
        settlement: Settlement,
        resolution: str,
        proof_entry: int | None,
        secrets: Sequence[str],
    ) -> tuple[int, bool]:
        exists = connection.execute("SELECT 1 FROM history WHERE id = ?", (entry_id,))
        if exists.fetchone() is None:
            return 0, False
        consumed = Settlement(settlement) is Settlement.CONSUMED
        changed = connection.execute(
            "UPDATE history SET outcome = ?, settlement = ?, resolution = ?, resolved_at = ?, "
            f"proof_entry = coalesce(?, proof_entry), pending = 0 WHERE id = ? AND {UNRESOLVED}",
            (
                Outcome.OK.value if consumed else Outcome.UNKNOWN.value,
                Settlement(settlement).value,
                clean(resolution, secrets),
                format_time(self._clock()),
                storable_int(proof_entry),
                entry_id,
            ),
        ).rowcount
        return 1, changed > 0

    def claim(self, entry: HistoryEntry) -> Claim:
        """Whether a live process still holds `entry` in flight (in_flight.py); a `CLAIMED`
        claim keeps others off the entry until released."""
        return claim(self._path, entry.lock_name, entry.owner_host)

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

        # Housekeeping only: another console holding the lock must not make this one wait.
        return self._write(delete, patient=False)

    def prune_if_due(
        self, retention: Retention | None = None, *, every: timedelta = PRUNE_EVERY
    ) -> int | None:
        """`prune`, unless any console pruned this file less than `every` ago (the time is
        kept in the file, see schema.py: `housekeeping`); None when it was not due. A check
        that is due costs one write; one that is not, two small reads."""
        last = self._last_done(_PRUNE_TASK)
        now = self._clock()
        if last is not None and timedelta(0) <= now - last < every:
            return None
        removed = self.prune(retention)

        def remember(connection: sqlite3.Connection) -> None:
            connection.execute(HOUSEKEEPING_TABLE)
            connection.execute(
                "INSERT INTO housekeeping (task, done_at) VALUES (?, ?) "
                "ON CONFLICT (task) DO UPDATE SET done_at = excluded.done_at",
                (_PRUNE_TASK, format_time(now)),
            )

        self._write(remember, patient=False)
        return removed

    def _last_done(self, task: str) -> datetime | None:
        exists = self._read(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'housekeeping'", ()
        )
        if not exists:
            return None
        rows = self._read("SELECT done_at FROM housekeeping WHERE task = ?", (task,))
        try:
            return parse_time(rows[0][0]) if rows else None
        except (TypeError, ValueError):
            return None  # written by hand: prune, and write it again properly

    # -- reading ---------------------------------------------------------------------------

    def get(self, entry_id: int) -> HistoryEntry | None:
        if not fits_integer(entry_id):
            return None  # no id SQLite could hold: certainly no such entry
        rows = self._read(f"SELECT {SELECT_COLUMNS} FROM history WHERE id = ?", (entry_id,))
        entries = self._entries(rows)
        return entries[0] if entries else None

    def search(self, history_filter: HistoryFilter | None = None) -> list[HistoryEntry]:
        """Matching entries, newest first, at most `history_filter.limit`."""
        sql, params = search_sql(history_filter or HistoryFilter())
        return self._entries(self._read(sql, params))

    def unresolved(
        self,
        *,
        older_than: timedelta | None = None,
        environment: str | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[HistoryEntry]:
        """Consumes whose outcome is unknown and not yet resolved, newest first.

        `older_than` skips entries younger than that, so `history resolve` does not settle a
        consume another console is still waiting on; `environment` and `ids` narrow it down.
        """
        sql = f"SELECT {SELECT_COLUMNS} FROM history WHERE {UNRESOLVED}"
        params: list[object] = []
        if older_than is not None:
            sql += " AND at <= ?"
            params.append(format_time(self._clock() - older_than))
        if environment is not None:
            sql += " AND environment = ?"
            params.append(environment)
        if ids is not None:
            wanted = [entry_id for entry_id in ids if fits_integer(entry_id)]
            if not wanted:
                return []
            sql += f" AND id IN ({', '.join('?' * len(wanted))})"
            params.extend(wanted)
        return self._entries(self._read(f"{sql} {NEWEST_FIRST}", params))

    def count_unresolved(self, environment: str | None = None) -> int:
        """How many consumes of unknown outcome wait to be resolved (in `environment`)."""
        sql = f"SELECT count(*) FROM history WHERE {UNRESOLVED}"
        params: tuple[object, ...] = ()
        if environment is not None:
            sql += " AND environment = ?"
            params = (environment,)
        return int(self._read(sql, params)[0][0])

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

    def _write(
        self,
        work: Callable[[sqlite3.Connection], T],
        *,
        patient: bool = True,
        durable: bool = False,
    ) -> T:
        """`work` in its own `BEGIN IMMEDIATE` transaction. `patient` False gives up at once
        when another program holds the lock; `durable` syncs the commit to disk (WAL with
        synchronous=NORMAL may lose the last commits to a power cut: not a write-ahead)."""
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
                raise unavailable(error, self._path) from error
            except OverflowError as error:
                raise number_out_of_range(self._path, error) from error

    @property
    def _busy_ms(self) -> int:
        return max(0, int(self._busy_timeout_s * 1000))

    def _update(self, sql: str, params: Sequence[object], entry_id: int) -> None:
        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        changed = self._write(lambda connection: connection.execute(sql, params).rowcount)
        if changed == 0:
            raise HistoryEntryNotFound(entry_id)

    def _read(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._lock:
            connection = self._open_connection()
            try:
                return with_retry(
                    lambda: connection.execute(sql, params).fetchall(),
                    self._retry,
                    budget_s=self._retry_budget_s,
                )
            except sqlite3.Error as error:
                raise unavailable(error, self._path) from error
            except OverflowError as error:
                raise number_out_of_range(self._path, error) from error


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid
