"""The rule every write operation obeys (DESIGN.md, desk: write-ahead): nothing that changes a
purchase is sent unless its history entry is durably on record first.

A consume sent with no record is money nobody can account for: if the console dies before the
reply, nothing says the request ever left. So when the history cannot be written — it did not
open, its folder is read-only, the disk is full, the file is damaged or foreign, another
program holds its lock — the operation is refused with the cause and the fix, never "sent
anyway". Lookups change nothing and may still run; they are simply not on record.

`WriteAhead.run` is the only way a write reaches the wire: write the entry ahead (committed
with a full sync, read back, under the in-flight lock `history resolve` respects), send, record
the outcome, release the lock. Today the consume is the only write; any later one (say,
acknowledging a subscription) goes through the same door.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from console.history import (
    Action,
    HeldElsewhere,
    HistoryEntry,
    HistoryUnavailable,
    Outcome,
    Settlement,
)
from console.history.entries import JsonMapping
from console.history.lazy import LazyHistory

from .outcomes import Refusal, RefusalReason

if TYPE_CHECKING:  # the store loads in the thread that opens the history (lazy.py)
    from console.history.store import HistoryStore, InFlight

T = TypeVar("T")

# Every write of this process left without a known outcome by a cancellation (Ctrl+C), or
# still in flight: what the command line names when the process is interrupted.
_LEFT_UNKNOWN: dict[int, None] = {}


def left_unknown() -> tuple[int, ...]:
    """History entries of this process whose write was sent and whose outcome is not known:
    in flight now, or interrupted."""
    return tuple(_LEFT_UNKNOWN)


_NO_HISTORY = HistoryUnavailable(
    "no history is open for this desk",
    "open the desk through a workspace, which opens the history",
)


@dataclass(frozen=True)
class WriteAheadProblem:
    """Why a write operation cannot be put on record first: the cause and the way out."""

    reason: str
    remedy: str
    held: HistoryEntry | None = None
    """Another console's write of the same token, pending or of unknown outcome: the history
    took nothing, because sending a second one could write twice (`force` passes it)."""

    @classmethod
    def of(cls, error: HistoryUnavailable) -> WriteAheadProblem:
        return cls(error.reason, error.remedy)

    @classmethod
    def held_by(cls, error: HeldElsewhere) -> WriteAheadProblem:
        return cls(str(error), "wait for it, or run `history resolve`", held=error.held)

    def refusal(self, operation: str) -> Refusal:
        if self.held is not None:
            from .held_elsewhere import held_refusal

            return held_refusal(self.held)
        return Refusal(
            RefusalReason.HISTORY_UNAVAILABLE,
            f"the {operation} was not sent, because it could not be written to the history "
            f"first (nothing is sent that is not on record). Cause: {self.reason}. To fix "
            f"it: {self.remedy}; then {operation} again.",
            forceable=False,
        )


@dataclass(frozen=True)
class Completion:
    """What a write's outcome puts on its entry."""

    outcome: Outcome
    code: int | None = None
    reason: str | None = None
    reply: JsonMapping | None = None
    latency_ms: float | None = None
    settlement: Settlement | None = None
    """What the verify made right after showed (consumed or not)."""
    proof_entry: int | None = None
    """That verify's entry."""
    resolution: str | None = None
    """When that verify settled an outcome the reply left unknown: the words for it."""
    received: JsonMapping | None = None
    """The body that came back when it was not JSON."""


@dataclass(frozen=True)
class Written(Generic[T]):
    result: T
    entry_id: int
    superseded: str | None
    """The resolution this write's own outcome replaced (see `HistoryStore.complete`)."""


class WriteInterrupted(asyncio.CancelledError):
    """The task was cancelled (Ctrl+C, the console quitting) after the write was sent and
    before its outcome was known. A CancelledError still, for everyone who only needs that;
    `entry_id` is the entry that stays on record with its outcome unknown."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(f"interrupted with history entry {entry_id} in flight")
        self.entry_id = entry_id


class WriteAhead:
    """The door to the wire for write operations; one per workspace, shared by its desks.

    The history may not be open yet (it opens on first use, lazy.py): every step that needs
    it runs in a thread, opening it there if need be, never on the caller's event loop.
    """

    def __init__(
        self,
        history: HistoryStore | LazyHistory | None,
        operator: str,
        *,
        problem: HistoryUnavailable | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self._history = (
            history
            if history is None or isinstance(history, LazyHistory)
            else LazyHistory.opened(history)
        )
        self.operator = operator
        self._problem = problem if problem is not None or history is not None else _NO_HISTORY
        self.warnings = warnings if warnings is not None else []
        self._in_flight: dict[int, None] = {}

    @property
    def known_problem(self) -> WriteAheadProblem | None:
        """A history known not to open: known without any I/O, so a front end can say so
        before the operator fills in a form (None while the history was never tried)."""
        problem = self._problem or (self._history.problem if self._history else None)
        if problem is not None:
            return WriteAheadProblem.of(problem)
        return None

    @property
    def in_flight(self) -> tuple[int, ...]:
        """Entries of this process written ahead and sent, whose outcome is not known yet."""
        return tuple(self._in_flight)

    async def check(self) -> WriteAheadProblem | None:
        """Whether the history can be written now (its write lock taken and let go) — before
        a write operation asks the operator anything. Disk space shows only when writing."""
        if self._history is None or self._problem is not None:
            return self.known_problem
        history = self._history

        def probe() -> None:
            _store_of(history).check_writable()

        try:
            await asyncio.to_thread(probe)
        except HistoryUnavailable as error:
            return WriteAheadProblem.of(error)
        return None

    async def held_elsewhere(
        self, token: str, environment: str, action: Action
    ) -> HistoryEntry | None:
        """Another process's write of `action` to `token` on `environment` that is pending
        or of unknown outcome — read before the operator is asked anything, so a consume
        another console holds is refused at the check. Only a first look: `run` checks again
        in the transaction that writes the entry, which two consoles cannot both pass. None
        when there is none, or the history cannot say (the history guard speaks for that)."""
        if self._history is None or self._problem is not None:
            return None
        history = self._history

        def read() -> HistoryEntry | None:
            from console.history import HistoryFilter
            from console.history.in_flight import this_host

            found = _store_of(history).search(
                HistoryFilter(token=token, environment=environment, action=action, limit=50)
            )
            here, me = this_host(), os.getpid()
            for entry in found:
                holds = entry.pending or (
                    entry.outcome is Outcome.UNKNOWN and not entry.resolved_at
                )
                if holds and not (entry.owner_host == here and entry.owner_pid == me):
                    return entry
            return None

        try:
            return await asyncio.to_thread(read)
        except HistoryUnavailable:
            return None

    async def run(
        self,
        entry: HistoryEntry,
        send: Callable[[int], Awaitable[T]],
        completion: Callable[[T], Completion],
        *,
        force: bool = False,
    ) -> Written[T] | WriteAheadProblem:
        """Write `entry` ahead, then `send(entry_id)`, then record `completion(result)`.

        Returns the problem, with nothing sent, when the entry could not be put on record —
        or when another console's write of the same token is pending or of unknown outcome
        (`WriteAheadProblem.held`; `force` writes and sends anyway).
        Raises `WriteInterrupted` when cancelled while the write was in flight.
        """
        if self._history is None or self._problem is not None:
            return self.known_problem or WriteAheadProblem.of(_NO_HISTORY)
        begun = await self._begin(self._history, entry, force)
        if isinstance(begun, WriteAheadProblem):
            return begun
        store, in_flight = begun
        entry_id = in_flight.entry_id
        self._in_flight[entry_id] = None
        _LEFT_UNKNOWN[entry_id] = None
        known = False
        try:
            try:
                result = await send(entry_id)
            except asyncio.CancelledError:
                # The outcome stays unknown on record; the lock goes, as it would with the
                # process, so `history resolve` may settle the entry once its deadline passed.
                in_flight.release()
                raise WriteInterrupted(entry_id) from None
            except BaseException:
                in_flight.release()
                raise
            known = True
            superseded = await self._complete(store, in_flight, completion(result))
        finally:
            self._in_flight.pop(entry_id, None)
            if known:
                _LEFT_UNKNOWN.pop(entry_id, None)
        return Written(result, entry_id, superseded)

    async def _begin(
        self, history: LazyHistory, entry: HistoryEntry, force: bool
    ) -> tuple[HistoryStore, InFlight] | WriteAheadProblem:
        def write() -> tuple[HistoryStore, InFlight]:
            store = _store_of(history)
            return store, store.begin_in_flight(entry, force=force)

        # In a thread: a history locked by another program may keep it waiting a few seconds,
        # and a console's screen must not freeze meanwhile.
        task = asyncio.ensure_future(asyncio.to_thread(write))
        try:
            return await asyncio.shield(task)
        except HistoryUnavailable as error:
            return WriteAheadProblem.of(error)
        except HeldElsewhere as error:
            return WriteAheadProblem.held_by(error)
        except asyncio.CancelledError:
            # Cancelled before anything was sent: once the entry lands, say so on it.
            task.add_done_callback(self._never_sent)
            raise

    def _never_sent(self, done: asyncio.Future[tuple[HistoryStore, InFlight]]) -> None:
        if done.cancelled() or done.exception() is not None:
            return
        store, in_flight = done.result()

        def write() -> None:
            try:
                store.complete(
                    in_flight.entry_id,
                    outcome=Outcome.CANCELLED,
                    reason="interrupted before it was sent: nothing was sent",
                )
            except HistoryUnavailable as error:
                self.warnings.append(_not_completed(in_flight.entry_id, error))
            finally:
                in_flight.release()

        # Off the event loop that ran the callback; nothing waits for it but the record.
        threading.Thread(target=write, name="nowgg-console write-ahead settle").start()

    async def _complete(
        self, store: HistoryStore, in_flight: InFlight, completion: Completion
    ) -> str | None:
        def write() -> str | None:
            try:
                return store.complete(
                    in_flight.entry_id,
                    outcome=completion.outcome,
                    code=completion.code,
                    reason=completion.reason,
                    reply=completion.reply,
                    latency_ms=completion.latency_ms,
                    settlement=completion.settlement,
                    proof_entry=completion.proof_entry,
                    resolution=completion.resolution,
                    received=completion.received,
                )
            except HistoryUnavailable as error:
                self.warnings.append(_not_completed(in_flight.entry_id, error))
                return None
            finally:
                # Only once the outcome is on record may `history resolve` take the entry.
                in_flight.release()

        task = asyncio.ensure_future(asyncio.to_thread(write))
        with contextlib.suppress(asyncio.CancelledError):
            return await asyncio.shield(task)
        # Cancelled while writing the outcome: the thread finishes the write and releases.
        raise asyncio.CancelledError


def _store_of(history: LazyHistory) -> HistoryStore:
    """The open store (opening it: call from a thread), or why there is none."""
    store = history.get()
    if store is None:
        raise history.problem or _NO_HISTORY
    return store


def _not_completed(entry_id: int, error: HistoryUnavailable) -> str:
    return (
        f"the outcome was not written to the history (entry {entry_id} stays 'outcome "
        f"unknown'; `nowgg-console history resolve` settles it): {error.reason}"
    )
