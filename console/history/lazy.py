"""The history of one session, opened on first use and in whichever thread first needs it.

Opening SQLite (creating the folder, checking the schema, moving a damaged file aside) is
file I/O: a console's first frame must not wait for it, and no event loop may run it. So a
session holds a `LazyHistory`, and the history opens when something first needs it — the
background writer's thread, or a front end's `Workspace.open_history()` in a worker thread —
once.

A history that cannot be opened stays off for the session (`problem` says why), so every
consume is refused (write_ahead.py) while lookups go on without a record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from console.history.errors import HistoryUnavailable
from console.history.retention import Retention

if TYPE_CHECKING:
    from console.history.shared_target import SharedTarget
    from console.history.store import HistoryStore


class LazyHistory:
    """`get()` opens (blocking, once); the properties never do any I/O."""

    def __init__(
        self,
        path: Path,
        *,
        retention: Retention | None = None,
        secrets_to_scrub: Callable[[], Iterable[str]] | None = None,
        shared: SharedTarget | None = None,
    ) -> None:
        self.path = path
        self.shared = shared
        """The team's shared history (PostgreSQL); None: the SQLite file at `path`."""
        self._retention = retention or Retention()
        self._secrets = secrets_to_scrub
        self._lock = threading.Lock()
        self._store: HistoryStore | None = None
        self._problem: HistoryUnavailable | None = None
        self._tried = False
        self._closed = False

    @classmethod
    def opened(cls, store: HistoryStore) -> LazyHistory:
        """A store already open (tests, tools): nothing left to open."""
        history = cls(store.path)
        history._store, history._tried = store, True
        return history

    @property
    def tried(self) -> bool:
        """Whether opening was attempted (so `store` and `problem` are final)."""
        return self._tried

    @property
    def store(self) -> HistoryStore | None:
        """The open store; None before the first `get()`, or when it could not open."""
        return self._store

    @property
    def problem(self) -> HistoryUnavailable | None:
        """Why the history is off for this session; None while not known to be."""
        return self._problem

    @property
    def notices(self) -> tuple[str, ...]:
        """What opening found worth saying once (a damaged file moved aside)."""
        return self._store.notices if self._store is not None else ()

    def get(self) -> HistoryStore | None:
        """The store, opened on the first call (blocking: call it from a thread); None when
        the history is off for this session."""
        with self._lock:
            if not self._tried:
                self._tried = True
                self._store, self._problem = self._open()
            return self._store

    def _open(self) -> tuple[HistoryStore | None, HistoryUnavailable | None]:
        if self._closed:
            return None, HistoryUnavailable("the history was closed", "run the command again")
        # Imported here, in the thread that opens it: sqlite3 and the store load off the
        # caller's way, while its request is under way.
        from console.history.store import HistoryStore

        try:
            store = HistoryStore(self.path, secrets_to_scrub=self._secrets, shared=self.shared)
        except HistoryUnavailable as error:
            return None, error
        try:
            store.prune_if_due(self._retention)
        except HistoryUnavailable as error:
            if not error.busy:
                # Not merely locked: the file cannot be written, so it must not take consumes.
                store.close()
                return None, error
            # Another console is writing: pruning waits for a later run.
        return store, None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._tried = True
            if self._store is not None:
                self._store.close()
