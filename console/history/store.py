"""`HistoryStore`: the audit log of every verify and consume, in one SQLite file (the
default) or on a PostgreSQL server a team shares (`shared`).

What differs between the two lives in one backend module each (sqlite_backend.py,
postgres_backend.py, behind backend.py); this class is the one public face of both. Safe with
several consoles open at once and with several threads of one console. Every failure is a
`HistoryUnavailable` with a one-line reason and a remedy; driver exceptions (and a number too
large to store) never escape.

A consume's write-ahead entry (`begin_in_flight`) is committed durably and read back the way
`history resolve` will find it, under a lock its process holds until the outcome is recorded
(a lock file on SQLite, in_flight.py; a session advisory lock on PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar

from console.history.backend import Backend, Transaction
from console.history.entries import HistoryEntry, HistoryFilter, JsonMapping, Outcome, Settlement
from console.history.errors import (
    HeldElsewhere,
    HistoryEntryNotFound,
    HistoryUnavailable,
    SharedHistoryUnreachable,
)
from console.history.numbers import code_and_reason, fits_integer, storable_int
from console.history.query import (
    HELD_SQL,
    NEWEST_FIRST,
    PROTECTED,
    UNRESOLVED,
    held_key,
    held_params,
    search_sql,
)
from console.history.retention import Retention
from console.history.retry import RetryPolicy
from console.history.row_changes import finish, finish_pending, import_rows, with_spooled
from console.history.rows import (
    INSERT_SQL,
    SELECT_COLUMNS,
    clean,
    format_time,
    from_row,
    parse_time,
    to_params,
)
from console.history.schema import HOUSEKEEPING_TABLE
from console.history.shared_state import SharedHistoryState
from console.history.shared_target import SharedTarget
from console.history.sqlite_backend import SqliteBackend

if TYPE_CHECKING:
    # A consume's in-flight lock: loaded with its write ahead, never for a lookup.
    from console.history.in_flight import Claim, InFlightLock
    from console.history.spool import SpoolBackend

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_S: Final = 5.0
PRUNE_EVERY: Final = timedelta(days=1)
"""How often a console prunes: every command opens the history, and pruning writes."""
_PRUNE_TASK: Final = "prune"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class InFlight:
    """A consume written ahead and not yet completed: its entry, and the lock that tells
    `history resolve` this process is still waiting on it."""

    entry_id: int
    lock: InFlightLock

    def release(self) -> None:
        self.lock.release()


class HistoryStore:
    """The history at `path`, opened (and created, or repaired) on construction; with
    `shared`, the history on that PostgreSQL server instead (`path` then only names the
    local data folder's file, for messages and the spool).

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
        shared: SharedTarget | None = None,
    ) -> None:
        self._path = Path(path).expanduser().absolute()
        self._secrets_to_scrub = secrets_to_scrub
        self._clock = clock
        self._backend: Backend
        self._spool: SpoolBackend | None = None
        """A shared history's local spool (spool.py); None for a local history."""
        self._spooled = 0
        if shared is None:
            self._backend = SqliteBackend(
                self._path, busy_timeout_s=busy_timeout_s, retry=retry or RetryPolicy()
            )
        else:
            # Imported only here: a console on SQLite never loads psycopg.
            from console.history.postgres_backend import PostgresBackend
            from console.history.spool import SpoolBackend

            self._backend = PostgresBackend(shared)
            self._spool = SpoolBackend(
                self._path, busy_timeout_s=busy_timeout_s, retry=retry or RetryPolicy()
            )
            self._spooled = self._spool.count()
        self._notices = self._backend.notices
        if self._spool is not None:
            try:
                self._backend.write(lambda connection: None)  # connect; the schema is checked
            except SharedHistoryUnreachable as error:
                self._spooling(error)
            else:
                self.send_spooled()

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

    @property
    def location(self) -> str:
        """Where the history is, as a person reads it: the file, or the server's URL without
        a password."""
        return self._backend.location

    def shared_state(self) -> SharedHistoryState | None:
        """The shared history's state for the banner; None: this history is a local file.
        No I/O: what the last read or write found."""
        state = self._backend.shared_state()
        return None if state is None else replace(state, spooled=self._spooled)

    def reconnect(self) -> SharedHistoryState | None:
        """While a shared history's server is away: try it again — connect, then send what
        the spool holds — and say what was found. Without it an idle console would keep its
        spool (and say "unreachable") until its next write. None for a local history."""
        if self._spool is None:
            return None
        try:
            self._backend.write(lambda connection: None)
        except SharedHistoryUnreachable as error:
            self._spooling(error)
        else:
            self.send_spooled()
        return self.shared_state()

    # -- the spool of a shared history -------------------------------------------------------

    def send_spooled(self) -> int:
        """Send what waits in the spool to the shared history, oldest first, each once (by
        uid), then the outcomes of server entries recorded while it was away; returns how
        many entries were sent (0 while the server is away)."""
        spool = self._spool
        if spool is None or not self._spooled:
            return 0
        rows = spool.read(
            f"SELECT {SELECT_COLUMNS} FROM history WHERE pending = 0 ORDER BY id DESC", ()
        )
        entries = self._entries(rows)
        new_ids: dict[int, int] = {}
        if entries:
            try:
                new_ids, _ = self._backend.write(
                    lambda connection: import_rows(connection, entries, self._secrets())
                )
            except SharedHistoryUnreachable as error:
                self._spooling(error)
                return 0

            def forget(connection: Transaction) -> None:
                for spool_id, server_id in new_ids.items():
                    connection.execute(
                        "INSERT OR REPLACE INTO spool_sent (spool_id, server_id) VALUES (?, ?)",
                        (spool_id, server_id),
                    )
                    connection.execute("DELETE FROM history WHERE id = ?", (spool_id,))

            spool.write(forget, durable=True)
        self._send_completions(spool)
        self._spooled = spool.count()
        return len(new_ids)

    def _send_completions(self, spool: SpoolBackend) -> None:
        """Apply the outcomes kept for server entries, oldest first, to entries still pending
        (so a send cut off between the server's commit and the spool's forgetting, and tried
        again, changes nothing twice)."""
        secrets = self._secrets()
        for seq, server_id, fields in spool.completions():
            proof = fields.get("proof_entry")
            if isinstance(proof, int) and proof < 0:
                # The verify that proved it was spooled too, and sent just before.
                fields = {**fields, "proof_entry": spool.sent_as(proof)}

            try:
                self._backend.write(partial(finish_pending, server_id, fields, secrets))
            except SharedHistoryUnreachable as error:
                self._spooling(error)
                return
            spool.forget_completion(seq)

    def _spooling(self, error: HistoryUnavailable) -> None:
        assert self._spool is not None
        notice = (
            f"{error.reason}; entries are kept in the local spool {self._spool.path} and sent "
            f"when it answers. To fix it: {error.remedy}"
        )
        if notice not in self._notices:
            self._notices = (*self._notices, notice)

    def _on(self, entry_id: int) -> tuple[Backend, int]:
        """Where entry `entry_id` is: a negative id is the spool's, or — once sent — the
        server entry it became."""
        if entry_id >= 0 or self._spool is None:
            return self._backend, entry_id
        sent = self._spool.sent_as(entry_id)
        return (self._spool, entry_id) if sent is None else (self._backend, sent)

    def _write_new(
        self,
        work: Callable[[Transaction], T],
        *,
        patient: bool = True,
        durable: bool = False,
        into: Backend | None = None,
    ) -> T:
        """A write that adds entries: to the shared history, or to the spool while its server
        is away or older entries still wait there (they go first). `into` is strict: no
        falling back."""
        spool = self._spool
        if spool is None:
            return self._backend.write(work, patient=patient, durable=durable)
        if into is None:
            self.send_spooled()
            into = spool if self._spooled else self._backend
            if into is self._backend:
                try:
                    return self._backend.write(work, patient=patient, durable=durable)
                except SharedHistoryUnreachable as error:
                    self._spooling(error)
                    into = spool
        if into is self._backend:
            return self._backend.write(work, patient=patient, durable=durable)
        result = spool.write(work, patient=patient, durable=True)
        self._spooled = spool.count()
        return result

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

        def insert(connection: Transaction) -> list[int]:
            ids: list[int] = []
            for row in rows:
                ids.append(connection.insert(INSERT_SQL, row))
            return ids

        return self._write_new(insert, patient=patient)

    def import_entries(self, entries: Sequence[HistoryEntry]) -> tuple[int, int]:
        """Store entries made elsewhere (another history, oldest first), each at most once:
        one whose uid is already here is skipped, so importing twice doubles nothing. The
        links between a consume and its proof are carried over onto the new ids. One
        transaction: all or none. Returns (added, already here)."""
        secrets = self._secrets()
        _, added = self._write(lambda connection: import_rows(connection, entries, secrets))
        return added, len(entries) - added

    def begin(self, entry: HistoryEntry, *, force: bool = False) -> int:
        return self._begin(entry, force=force)

    def _begin(self, entry: HistoryEntry, *, force: bool, into: Backend | None = None) -> int:
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
            owner_host=entry.owner_host or _this_host(),
            owner_pid=entry.owner_pid or os.getpid(),
        )
        row = to_params(owned, secrets)
        row.update(outcome=Outcome.UNKNOWN.value, pending=1, reply=None, code=None)

        def insert(connection: Transaction) -> int:
            if not force:
                connection.serialize_on(held_key(owned))
                held = connection.execute(HELD_SQL, held_params(owned)).fetchone()
                if held is not None:
                    raise HeldElsewhere(from_row(held))
            return connection.insert(INSERT_SQL, row)

        entry_id = self._write_new(insert, durable=True, into=into)
        self._read_back(entry_id)
        return entry_id

    def begin_in_flight(self, entry: HistoryEntry, *, force: bool = False) -> InFlight:
        """`begin`, holding this entry's lock file from before it is written until
        `InFlight.release` (or this process's end)."""
        spool = self._spool
        if spool is None:
            return self._in_flight(entry, force, self._backend)
        # A shared history: the entry and its lock are in one place (a server lock for a
        # server entry, a lock file for a spooled one), or resolve could not see it held.
        self.send_spooled()
        if not self._spooled:
            try:
                return self._in_flight(entry, force, self._backend)
            except SharedHistoryUnreachable as error:
                self._spooling(error)
        return self._in_flight(entry, force, spool)

    def _in_flight(self, entry: HistoryEntry, force: bool, into: Backend) -> InFlight:
        lock = into.hold_new()
        try:
            entry_id = self._begin(replace(entry, lock_name=lock.name), force=force, into=into)
        except BaseException:
            lock.release()
            raise
        return InFlight(entry_id, lock)

    def _read_back(self, entry_id: int) -> None:
        backend, entry_id = self._on(entry_id)
        rows = backend.read(
            "SELECT id FROM history WHERE id = ? AND pending = 1 AND outcome = ?",
            (entry_id, Outcome.UNKNOWN.value),
        )
        if not rows:
            if self._backend.shared_state() is not None:
                raise HistoryUnavailable(
                    f"the write-ahead entry {entry_id} could not be read back from the shared "
                    f"history at {self.location}",
                    "ask whoever runs that server to check it (a replica answering reads, or a "
                    "trigger deleting rows); consumes are refused until an entry reads back",
                )
            raise HistoryUnavailable(
                f"the write-ahead entry {entry_id} could not be read back from the history "
                f"database {self._path}",
                f"the file may be damaged: move it away (mv {self._path} "
                f"{self._path}.damaged); a new history is started on the next command",
            )

    def check_writable(self) -> None:
        """Take the write lock and let it go: raises `HistoryUnavailable` when the history
        cannot be written now (read-only, locked by another program, closed). A shared
        history whose server is away is writable when its spool is."""
        try:
            self._write(lambda connection: None)
        except SharedHistoryUnreachable as error:
            if self._spool is None:
                raise
            self._spooling(error)
            self._spool.write(lambda connection: None)

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
        asked = entry_id
        backend, entry_id = self._on(entry_id) if fits_integer(entry_id) else (self._backend, 0)
        code, reason = code_and_reason(code, reason)
        fields: dict[str, Any] = {
            "outcome": Outcome(outcome).value,
            "code": code,
            "reason": reason,
            "reply": reply,
            "latency_ms": latency_ms,
            "order_id": order_id,
            "settlement": None if settlement is None else Settlement(settlement).value,
            "proof_entry": proof_entry,
            "resolution": resolution,
            "received": received,
            "now": format_time(self._clock()),
        }
        if not fits_integer(asked):
            raise HistoryEntryNotFound(asked)
        secrets = self._secrets()
        try:
            changed, superseded = self._write(
                lambda connection: finish(connection, entry_id, fields, secrets), backend=backend
            )
        except SharedHistoryUnreachable as error:
            if self._spool is None or backend is self._spool:
                raise
            # Written ahead on the server, which went away since: the outcome waits in the
            # spool and is applied to that entry when the server is back. Never lost.
            self._spool.add_completion(entry_id, fields)
            self._spooling(error)
            self._spooled = self._spool.count()
            return None
        if changed == 0:
            raise HistoryEntryNotFound(asked)
        if backend is self._spool:
            self.send_spooled()  # completed: it may go to the server now
        return superseded

    def set_note(self, entry_id: int, text: str | None) -> None:
        """Attach (or with None or blank text, remove) a ticket note."""
        note = text.strip() if text is not None else None
        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        backend, where = self._on(entry_id)
        params = (clean(note or None, self._secrets()), where)
        changed = self._write(
            lambda connection: (
                connection.execute("UPDATE history SET note = ? WHERE id = ?", params).rowcount
            ),
            backend=backend,
        )
        if changed == 0:
            raise HistoryEntryNotFound(entry_id)

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
        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        backend, where = self._on(entry_id)

        def work(connection: Transaction) -> tuple[int, bool]:
            return self._settle_row(connection, where, settlement, resolution, proof_entry, secrets)

        found, settled = self._write(work, backend=backend)
        if not found:
            raise HistoryEntryNotFound(entry_id)
        self._send_if_spooled(backend)
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
        if not fits_integer(entry_id):
            raise HistoryEntryNotFound(entry_id)
        backend, where = self._on(entry_id)
        row = to_params(replace(proof, proves_entry=where), secrets)

        def work(connection: Transaction) -> tuple[int, int, bool]:
            exists = connection.execute("SELECT 1 FROM history WHERE id = ?", (where,))
            if exists.fetchone() is None:
                return 0, 0, False
            proof_id = connection.insert(INSERT_SQL, row)
            if settlement is None:
                return 1, proof_id, False
            _, settled = self._settle_row(
                connection, where, settlement, resolution, proof_id, secrets
            )
            return 1, proof_id, settled

        found, proof_id, settled = self._write(work, backend=backend)
        if not found:
            raise HistoryEntryNotFound(entry_id)
        self._send_if_spooled(backend)
        return proof_id, settled

    def _send_if_spooled(self, backend: Backend) -> None:
        """A spooled consume just settled, with the verify that proved it, is complete: both
        may go to the server now (and wait on, durably, while it is away)."""
        if self._spool is not None and backend is self._spool:
            self._spooled = self._spool.count()
            self.send_spooled()

    def _settle_row(
        self,
        connection: Transaction,
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
        if entry.id is not None and entry.id < 0 and self._spool is not None:
            return self._spool.claim(entry.lock_name, entry.owner_host)
        return self._backend.claim(entry.lock_name, entry.owner_host)

    def prune(self, retention: Retention | None = None) -> int:
        """Delete entries beyond the retention; returns how many went.

        Unresolved consumes and in-flight (pending) entries are always kept, and do not count
        against the row limit.
        """
        keep = retention or Retention()
        cutoff = None if keep.days is None else format_time(self._clock() - timedelta(keep.days))

        def delete(connection: Transaction) -> int:
            removed = 0
            if cutoff is not None:
                removed += connection.execute(
                    f"DELETE FROM history WHERE at < ? AND NOT {PROTECTED}", (cutoff,)
                ).rowcount
            if keep.rows is not None:
                removed += connection.execute(
                    "DELETE FROM history WHERE id IN (SELECT id FROM history "
                    f"WHERE NOT {PROTECTED} {NEWEST_FIRST} LIMIT {self._backend.no_limit} "
                    "OFFSET ?)",
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
        try:
            return self._prune_if_due(retention, every)
        except SharedHistoryUnreachable:
            return None  # the server is away: pruning waits for a later run

    def _prune_if_due(self, retention: Retention | None, every: timedelta) -> int | None:
        last = self._last_done(_PRUNE_TASK)
        now = self._clock()
        if last is not None and timedelta(0) <= now - last < every:
            return None
        removed = self.prune(retention)

        def remember(connection: Transaction) -> None:
            connection.execute(HOUSEKEEPING_TABLE)
            connection.execute(
                "INSERT INTO housekeeping (task, done_at) VALUES (?, ?) "
                "ON CONFLICT (task) DO UPDATE SET done_at = excluded.done_at",
                (_PRUNE_TASK, format_time(now)),
            )

        self._write(remember, patient=False)
        return removed

    def _last_done(self, task: str) -> datetime | None:
        if not self._backend.has_table("housekeeping"):
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
        backend, where = self._on(entry_id)
        rows = backend.read(f"SELECT {SELECT_COLUMNS} FROM history WHERE id = ?", (where,))
        entries = self._entries(rows)
        return entries[0] if entries else None

    def search(self, history_filter: HistoryFilter | None = None) -> list[HistoryEntry]:
        """Matching entries, newest first, at most `history_filter.limit`.

        A shared history's search includes this machine's spooled entries (`entry.spooled`),
        which its server has not got yet — while it is away, they are all there is to show
        (the notice says why). Each entry once, by its uid: one sent meanwhile is the
        server's."""
        history_filter = history_filter or HistoryFilter()
        spool = self._spool
        if spool is None:
            return self._search(self._backend, history_filter)
        spooled = self._search(spool, history_filter)
        try:
            found = self._search(self._backend, history_filter)
        except SharedHistoryUnreachable as error:
            self._spooling(error)
            return spooled
        return with_spooled(found, spooled)[: history_filter.limit]

    def _search(self, backend: Backend, history_filter: HistoryFilter) -> list[HistoryEntry]:
        sql, params = search_sql(history_filter, like=backend.case_blind_like)
        return self._entries(backend.read(sql, params))

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

        A shared history's include this machine's spooled ones: a consume written ahead while
        the server was away, whose console died before its reply, is never sent (the spool
        sends completed entries only) and must still be found and resolved. While the server
        is away this raises, as any read of it does: its own entries cannot be listed, and an
        empty list would read as "nothing waits".
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
            # A spooled id sent meanwhile is asked for by the server id it became.
            wanted = [self._on(entry_id)[1] for entry_id in ids if fits_integer(entry_id)]
            if not wanted:
                return []
            sql += f" AND id IN ({', '.join('?' * len(wanted))})"
            params.extend(wanted)
        found = self._entries(self._read(f"{sql} {NEWEST_FIRST}", params))
        if self._spool is None:
            return found
        return with_spooled(found, self._entries(self._spool.read(sql, params)))

    def count_unresolved(self, environment: str | None = None) -> int:
        """How many consumes of unknown outcome wait to be resolved (in `environment`),
        this machine's spooled ones included (`unresolved`)."""
        if self._spool is not None:
            return len(self.unresolved(environment=environment))  # a few rows: each once
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
                    f"history entry {row[0]} in {self.location} cannot be read by this version "
                    f"and is not shown ({error})"
                )
                if notice not in self._notices:
                    self._notices = (*self._notices, notice)
        return entries

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM history", ())[0][0])

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._backend.close()
        if self._spool is not None:
            self._spool.close()

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
        state = "open" if self._backend.is_open else "closed"
        return f"HistoryStore({self.location!r}, {state})"

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

    def _write(
        self,
        work: Callable[[Transaction], T],
        *,
        patient: bool = True,
        durable: bool = False,
        backend: Backend | None = None,
    ) -> T:
        """`work` in its own write transaction (backend.py), on `backend` (the store's
        own unless told). `patient` False gives up at once when another program holds the
        lock; `durable` makes the commit survive a power cut."""
        return (backend or self._backend).write(work, patient=patient, durable=durable)

    def _read(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        return self._backend.read(sql, params)


def _this_host() -> str:
    from console.history.in_flight import this_host  # with the first write ahead

    return this_host()
