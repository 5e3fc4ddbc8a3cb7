"""Lookups' history entries, written by one thread in the order they came, so that nobody
waits for SQLite: not a console's screen, not a command's answer.

Another console (or `sqlite3` in a terminal) may hold the database's lock for seconds. A write
that meets the lock does not wait inside SQLite, holding the store: it fails at once and is
tried again with backoff (from `first_delay_s`, doubling, up to `max_delay_s`), so the store
stays free for reads meanwhile. The entry reaches the history once the lock is gone. After
`give_up_after_s` of a lock that never goes, or at once for a history that cannot be written
at all (read-only, full, closed), the entry is given up and `on_give_up` says so in one line.

`submit` returns a future that settles as soon as the caller need not wait any longer: the
entry is written, or given up, or waiting out another program's lock. A caller that awaits it
therefore finds its entry on record in the usual case, and is never held up by a lock.
`drain` waits until every entry submitted is written or given up (a command's last step).

Write-ahead entries of consumes never come here: they are written by the operation itself,
durably, before anything is sent (console/desk/write_ahead.py).
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from console.history.entries import HistoryEntry
from console.history.errors import HistoryUnavailable

if TYPE_CHECKING:
    from console.history.store import HistoryStore

GIVE_UP_AFTER_S: Final = 60.0
IDLE_EXIT_S: Final = 2.0
"""A thread with nothing to write for this long ends (one is started again when needed)."""


@dataclass
class _Pending:
    entry: HistoryEntry
    settled: Future[None] = field(default_factory=Future)

    def settle(self) -> None:
        # The waiter may have given up on it (a cancelled lookup): the entry is still written.
        with contextlib.suppress(InvalidStateError):
            if not self.settled.done():
                self.settled.set_result(None)


class BackgroundWriter:
    """One thread, one queue, entries written in order. `store` is asked in that thread for
    the store to write to (it may open the history); None means the history is off, and
    entries are dropped (the front end says the history is off once, not per entry)."""

    def __init__(
        self,
        store: Callable[[], HistoryStore | None],
        *,
        on_give_up: Callable[[str], None],
        give_up_after_s: float = GIVE_UP_AFTER_S,
        first_delay_s: float = 0.05,
        max_delay_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._on_give_up = on_give_up
        self._give_up_after_s = give_up_after_s
        self._first_delay_s = first_delay_s
        self._max_delay_s = max_delay_s
        self._clock = clock
        self._changed = threading.Condition()
        self._queue: deque[_Pending] = deque()
        self._busy = False
        """The thread holds an entry it has not finished with."""
        self._locked_out_since: float | None = None
        """When another program's lock began to keep the writer out (None: it is not)."""
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, entry: HistoryEntry) -> Future[None]:
        """Queue `entry`; the future settles when the caller need wait no longer (module)."""
        pending = _Pending(entry)
        with self._changed:
            if self._closed:
                raise RuntimeError("the history writer is closed")
            self._queue.append(pending)
            if self._locked_out_since is not None:
                pending.settle()  # behind a lock: it would only wait with the others
            self._start()
            self._changed.notify_all()
        return pending.settled

    @property
    def waiting(self) -> int:
        """Entries not yet written nor given up."""
        with self._changed:
            return len(self._queue) + (1 if self._busy else 0)

    def drain(self, timeout_s: float | None = None) -> bool:
        """Wait until every entry submitted so far is written or given up; False when
        `timeout_s` ran out first."""
        deadline = None if timeout_s is None else self._clock() + timeout_s
        with self._changed:
            while self._queue or self._busy:
                left = None if deadline is None else deadline - self._clock()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def close(self) -> None:
        """Drain, then stop the thread. Entries submitted later are refused."""
        self.drain()
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # -- the thread ------------------------------------------------------------------------

    def _start(self) -> None:
        if self._thread is None:
            # A daemon: a writer waiting out a lock must never keep a closing process alive;
            # front ends drain before they exit.
            self._thread = threading.Thread(
                target=self._run, name="nowgg-console history writer", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._changed:
                idle_since = self._clock()
                while not self._queue and not self._closed:
                    left = IDLE_EXIT_S - (self._clock() - idle_since)
                    if left <= 0:
                        break
                    self._changed.wait(left)
                if not self._queue:
                    # Closed, or idle for a while: the next `submit` starts a thread again.
                    self._thread = None
                    return
                pending = self._queue.popleft()
                self._busy = True
            try:
                self._write(pending)
            finally:
                pending.settle()
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _write(self, pending: _Pending) -> None:
        attempt = 0
        while True:
            try:
                store = self._store()
                if store is not None:
                    store.record(pending.entry, patient=False)
                self._locked_out(None)
                return
            except HistoryUnavailable as error:
                if not error.busy:
                    self._on_give_up(f"this call was not written to the history: {error.reason}")
                    return
                since = self._locked_out(self._clock())
                if self._clock() - since >= self._give_up_after_s:
                    self._on_give_up(
                        f"this call was not written to the history: {error.reason}, for more "
                        f"than {self._give_up_after_s:g} s; it was given up"
                    )
                    return
            except Exception as error:  # a bug must cost the entry, never the thread
                self._on_give_up(f"this call was not written to the history ({error!r})")
                return
            pending.settle()  # waiting out a lock: whoever waits on it may go on
            time.sleep(self._delay(attempt))
            attempt += 1

    def _locked_out(self, now: float | None) -> float:
        """Note that a lock keeps the writer out since `now` (kept if already so), or that
        none does (None); settles every queued entry when one starts to."""
        with self._changed:
            if now is None:
                self._locked_out_since = None
                return 0.0
            if self._locked_out_since is None:
                self._locked_out_since = now
                for queued in self._queue:
                    queued.settle()
            return self._locked_out_since

    def _delay(self, attempt: int) -> float:
        # Exponential with jitter, so two consoles waiting on a third do not retry in step.
        ceiling = min(self._max_delay_s, self._first_delay_s * (2**attempt))
        return random.uniform(ceiling / 2, ceiling)
