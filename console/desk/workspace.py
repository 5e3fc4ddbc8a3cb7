"""Everything a front end needs for one session: the settings, the history, one desk per
environment, and the operations that span environments.

The CLI opens one per command; the TUI keeps one for its lifetime. Both get the same notices
(a config file that was ignored, a history moved aside) to show once.

Opening a workspace reads the config file and nothing else: the history opens on first use,
in a thread (history/lazy.py), so a console's first frame never waits for SQLite. Every
history read and write, key look-up and config write a front end needs has an `async`
method here that runs it in a thread: a screen's event loop calls those and never blocks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from console.history import (
    HistoryEntry,
    HistoryFilter,
    HistoryUnavailable,
    Retention,
    current_operator,
)
from console.history.background_writer import BackgroundWriter
from console.history.lazy import LazyHistory
from console.history.shared_target import SharedTarget
from console.history.shared_target import choose as choose_shared_history
from console.payments import ApiKey, PurchaseQuery, Timeouts
from console.settings.config import LoadedSettings, load_settings
from console.settings.environments import Environment, adhoc_environment
from console.settings.keys import KeyResolver, KeySource, KeyUnavailable
from console.settings.paths import data_dir
from console.settings.selection import choose_environment

from .desk import Desk
from .off_loop import IN_THREADS, INLINE
from .outcomes import LookupOutcome
from .recording import Recorder

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from console.history.shared_state import SharedHistoryState
    from console.history.store import HistoryStore

    from .environment_check import EnvironmentCheck
    from .resolving import ResolveReport
    from .team_activity import OthersTouched
    from .workspace_answers import Elsewhere, StoredKey
    from .write_ahead import WriteAhead

T = TypeVar("T")

# `Elsewhere` and `StoredKey` are defined in workspace_answers.py, loaded when a lookup in
# every environment or a key's storing first needs them, and named here (`__getattr__`).
__all__ = ["HISTORY_FILE", "Elsewhere", "StoredKey", "Workspace", "history_path"]

HISTORY_FILE = "history.sqlite3"
_KEY_VARIABLE_PREFIX = "NOWGG_CONSOLE_API_KEY"


class _RememberingKeys(KeyResolver):
    """A resolver that remembers every key it handed out, so the history can scrub them."""

    def __init__(self, environ: Mapping[str, str], backend: KeyringBackend | None = None) -> None:
        super().__init__(environ, backend=backend)
        self.seen: set[str] = set()

    def resolve(self, environment: Environment) -> ApiKey:
        key = super().resolve(environment)
        self.seen.add(key.reveal())
        return key


class Workspace:
    def __init__(
        self,
        settings: LoadedSettings,
        *,
        environ: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        notices: Iterable[str] = (),
        keyring_backend: KeyringBackend | None = None,
        with_history: bool = True,
        one_shot: bool = False,
        history_store: HistoryStore | None = None,
    ) -> None:
        """`history_store`: a history opened elsewhere, used instead of opening the one
        `environ` names (a test's store whose shared state it controls). `one_shot`: see
        `open`."""
        self.settings = settings
        # Where every blocking step of this session runs (off_loop.py): in threads for a
        # screen, inline for a one-shot command.
        self._off_loop = INLINE if one_shot else IN_THREADS
        self.timeouts = timeouts or Timeouts()
        self._environ = os.environ if environ is None else environ
        # None: keyring's own trustworthy choice. Tests pass the in-memory backend.
        self.keyring_backend = keyring_backend
        self.environ = self._environ
        """The variables keys are read from (os.environ unless a test gives others)."""
        self.keys = _RememberingKeys(self._environ, keyring_backend)
        self._notices = list(notices)
        # One list for every history write that failed, in the order they failed; listeners
        # hear of each as it happens (from the writer's thread).
        self._warnings: list[str] = []
        self._warning_listeners: list[Callable[[str], None]] = []
        # `[history] operator` names a team member whose OS user name says little (a shared
        # jump host's `support`, a container's `root`).
        operator = settings.operator or current_operator()
        self.operator = operator
        self._history: LazyHistory | None = None
        self.recorder: Recorder | None = None
        # The team's shared history when a URL is set ([history] url or the variable); its
        # password is read from the keyring when the history opens, in that thread.
        shared = choose_shared_history(
            self._environ,
            settings.history_url,
            password=partial(_history_password, keyring_backend),
        )
        self._shared_history = shared
        if history_store is not None:
            self._history = LazyHistory.opened(history_store)
        elif with_history:
            self._history = LazyHistory(
                history_path(environ),
                shared=shared,
                retention=Retention(days=settings.retention.days, rows=settings.retention.rows),
                secrets_to_scrub=self.secrets,
            )
        if self._history is not None:
            writer = BackgroundWriter(self._history.get, on_give_up=self._warn)
            self.recorder = Recorder(
                self._history,
                operator,
                warnings=self._warnings,
                writer=writer,
                warn=self._warn,
                off_loop=self._off_loop,
            )
        # The gate of every consume, shared by the desks; made when a consume first needs it
        # (`write_ahead`), so a lookup never loads it.
        self._write_ahead: WriteAhead | None = None
        self._desks: dict[str, Desk] = {}
        # Desks whose client held a key that was replaced: closed with the workspace, so a
        # consume still running on one finishes with the client it started on.
        self._retired: list[Desk] = []

    @classmethod
    def open(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        with_history: bool = True,
        keyring_backend: KeyringBackend | None = None,
        one_shot: bool = False,
        history_store: HistoryStore | None = None,
    ) -> Workspace:
        """Load the settings; the history opens on first use. Neither failure stops the
        console, but without a history every consume is refused (write_ahead.py).

        `one_shot`: for a command that sends one request at a time and exits (`verify`),
        which then starts faster. Every request is sent with httpx's blocking client
        (console/payments/blocking.py), and every blocking step — the history, the keyring, a
        config write — runs inline instead of in a thread (off_loop.py): the workspace's
        coroutines never suspend, so they run without an event loop (console/cli/
        one_shot.py). Lookups in several environments (`lookup_elsewhere`) then run one
        after the other. A screen never opens one: it would block."""
        settings = load_settings(environ=environ)
        notices = [message for message in (settings.ignored_message(),) if message]
        return cls(
            settings,
            environ=environ,
            timeouts=timeouts,
            notices=notices,
            keyring_backend=keyring_backend,
            with_history=with_history,
            one_shot=one_shot,
            history_store=history_store,
        )

    def secrets(self) -> list[str]:
        """Every key this process knows of: resolved ones and any in key variables."""
        from_variables = [
            value.strip()
            for name, value in self._environ.items()
            if name.startswith(_KEY_VARIABLE_PREFIX) and value.strip()
        ]
        return [*self.keys.seen, *from_variables]

    @property
    def environments(self) -> tuple[Environment, ...]:
        return self.settings.environments

    @property
    def notices(self) -> list[str]:
        """Messages to show once: the config file's, and the history's once it was opened (a
        damaged file moved aside, or why the history is off)."""
        return [*self._notices, *self.history_notices]

    # --- the history ----------------------------------------------------------------------

    @property
    def history_path(self) -> Path | None:
        """Where the history lives (None for a workspace without one); known without I/O."""
        return self._history.path if self._history is not None else None

    @property
    def shared_history(self) -> SharedTarget | None:
        """The team's shared history this workspace uses (None: the local file)."""
        return self._shared_history

    @property
    def history_opened(self) -> bool:
        """Whether opening the history was attempted (so `history_problem` is known)."""
        return self._history is None or self._history.tried

    @property
    def history_problem(self) -> HistoryUnavailable | None:
        """Why the history is off for this run; None when it is open, or not tried yet.
        Lookups go on without a record; every consume is refused until it is fixed."""
        if self._history is None:
            return _HISTORY_NOT_OPENED
        return self._history.problem

    @property
    def history_notices(self) -> list[str]:
        """What opening the history found to say (nothing before it was opened)."""
        if self._history is None or not self._history.tried:
            return []
        if self._history.problem is not None:
            return [_off_notice(self._history.problem)]
        return list(self._history.notices)

    @property
    def history(self) -> HistoryStore | None:
        """The history store, opened on first use. Blocking: a front end on an event loop
        calls `await open_history()` instead (or one of the async methods below)."""
        return self._history.get() if self._history is not None else None

    async def open_history(self) -> HistoryStore | None:
        """The history, opened in a thread on first use; None when it is off."""
        history = self._history
        if history is None:
            return None
        return history.store if history.tried else await self._off_loop.call(history.get)

    def open_history_soon(self) -> None:
        """Start opening the history in a thread of its own now, and return at once: for a
        command that will record (a verify), SQLite's opening then runs while its request
        is out instead of after it. Whatever needs the history meanwhile waits for this
        opening (LazyHistory opens once, under its lock)."""
        if self._history is not None and not self._history.tried:
            threading.Thread(target=self._history.get, name="history-open", daemon=True).start()

    async def search_history(
        self, history_filter: HistoryFilter | None = None
    ) -> list[HistoryEntry]:
        """`HistoryStore.search`, in a thread. Raises `HistoryUnavailable` (the history is
        off, or cannot be read now)."""
        return await self._in_history_thread(lambda store: store.search(history_filter))

    async def unresolved_consumes(self) -> list[HistoryEntry]:
        """Consumes whose outcome is unknown and not yet resolved, newest first, in a thread."""
        return await self._in_history_thread(lambda store: store.unresolved())

    async def history_entry(self, entry_id: int) -> HistoryEntry | None:
        """One entry by id (None when there is none), in a thread."""
        return await self._in_history_thread(lambda store: store.get(entry_id))

    async def note_history_entry(self, entry_id: int, text: str | None) -> None:
        """Attach (or, blank, remove) a ticket note, in a thread. Raises
        `HistoryEntryNotFound` or `HistoryUnavailable`."""
        await self._in_history_thread(lambda store: store.set_note(entry_id, text))

    async def record_history(self, entry: HistoryEntry) -> None:
        """Write an entry through the session's one writer, in order with the lookups'."""
        if self.recorder is None:
            raise _HISTORY_NOT_OPENED
        await self._off_loop.result(self.recorder.writer.submit(entry))

    async def flush_history(self) -> None:
        """Wait until every lookup's entry is written or given up (the CLI, before exiting:
        its entry must be on record when the command returns)."""
        if self.recorder is not None:
            await self._off_loop.call(self.recorder.writer.drain)

    async def others_touched(self, outcome: LookupOutcome) -> OthersTouched:
        """Who else touched the purchase of a lookup — every write by anyone, verifies by
        other operators — searched by its token and its order id, in a thread
        (team_activity.py). Empty when the lookup made no query. Raises
        `HistoryUnavailable`."""
        from .team_activity import SEARCHED, OthersTouched, others_touched

        token = outcome.query.token if outcome.query is not None else None
        purchase = outcome.decoded.purchase if outcome.decoded is not None else None
        order_id = purchase.order_id if purchase is not None else None
        filters = [HistoryFilter(token=token, limit=SEARCHED)] if token else []
        if isinstance(order_id, str) and order_id:
            filters.append(HistoryFilter(order_id=order_id, limit=SEARCHED))
        if not filters:
            return OthersTouched()

        def read(store: HistoryStore) -> list[HistoryEntry]:
            return [entry for found in filters for entry in store.search(found)]

        entries = await self._in_history_thread(read)
        return others_touched(entries, operator=self.operator)

    async def shared_history_state(self) -> SharedHistoryState | None:
        """What the banner says of a shared history (`HistoryStore.shared_state`: where it
        is, whether it answers, how many entries wait in the spool), in a thread; None for a
        local history file, or one that is off (said where it is opened)."""
        try:
            return await self._in_history_thread(lambda store: store.shared_state())
        except HistoryUnavailable:
            return None

    async def reconnect_shared_history(self) -> SharedHistoryState | None:
        """Try an unreachable shared history again and send its spool (`HistoryStore.
        reconnect`), in a thread; None for a local history file, or one that is off."""
        try:
            return await self._in_history_thread(lambda store: store.reconnect())
        except HistoryUnavailable:
            return None

    async def count_unknown_consumes(self, environment_name: str) -> int:
        """How many consumes in `environment_name` are of unknown outcome and not resolved
        (a banner from the first frame on), in a thread. Raises `HistoryUnavailable`."""
        return await self._in_history_thread(lambda store: store.count_unresolved(environment_name))

    async def resolve_consumes(
        self, entry_ids: Sequence[int] | None, *, now: bool
    ) -> ResolveReport:
        """Settle consumes of unknown outcome by verifying them (safe) and recording what was
        found on the consume's own entry, linked to the verify that proved it: the entries
        `entry_ids`, or all of them (None). `now` resolves those still inside their grace
        window too; one whose process is still running is never touched. Each resolution
        carries its proof (the verify's outcome and entry). History I/O runs in threads."""
        from .resolving import resolve_unknown_consumes

        return await resolve_unknown_consumes(self, entry_ids=entry_ids, at_once=now)

    async def check_environment(self, environment: Environment) -> EnvironmentCheck:
        """Diagnose `environment` in steps — DNS, TCP, TLS, the verify path's spelling, the
        key — each with its verdict, words and time (environment_check.py). Sends only
        verifies of a token that cannot exist; records nothing."""
        from .environment_check import check_environment

        return await check_environment(
            environment, keys=self.keys, timeouts=self.timeouts, config_path=self.settings.path
        )

    async def _in_history_thread(self, work: Callable[[HistoryStore], T]) -> T:
        history = self._history
        if history is None:
            raise _HISTORY_NOT_OPENED

        def run() -> T:
            store = history.get()
            if store is None:
                raise history.problem or _HISTORY_NOT_OPENED
            return work(store)

        return await self._off_loop.call(run)

    # --- warnings -------------------------------------------------------------------------

    @property
    def warnings(self) -> list[str]:
        """History writes that failed during this session, for the front end to show."""
        return list(self._warnings)

    def add_warning_listener(self, listener: Callable[[str], None]) -> None:
        """`listener(warning)` for each history write that fails from now on. Called from
        the history writer's thread: a screen hands it to its event loop itself."""
        self._warning_listeners.append(listener)

    def _warn(self, warning: str) -> None:
        self._warnings.append(warning)
        for listener in list(self._warning_listeners):
            listener(warning)

    # --- environments and keys ------------------------------------------------------------

    def choose(self, env_flag: str | None = None, base_url: str | None = None) -> Environment:
        """`--base-url`, else `--env`, else NOWGG_CONSOLE_ENV, else the configured default.
        Raises `UnknownEnvironment` with the known names."""
        if base_url:
            return adhoc_environment(base_url)
        return choose_environment(self.settings, env_flag, self._environ)

    def desk(self, environment: Environment) -> Desk:
        desk = self._desks.get(environment.name)
        if desk is None or desk.environment != environment:
            if desk is not None:
                self._retired.append(desk)
            desk = Desk(
                environment,
                keys=self.keys,
                timeouts=self.timeouts,
                recorder=self.recorder,
                write_ahead=lambda: self.write_ahead,
                config_path=self.settings.path,
                off_loop=self._off_loop,
            )
            self._desks[environment.name] = desk
        return desk

    def use_session_key(self, environment: Environment, key: ApiKey) -> None:
        """Use `key` for `environment` for this session only: kept in memory, never written
        to the keyring, a file, the history or a log, shown masked, gone when the process
        ends (for a machine whose keyring is unusable). It wins over the variable and the
        keyring; `key_source` then says "this session only". The next call on the
        environment uses it (a desk holding the old key is retired, not cut off)."""
        self.keys.use_for_session(environment, key)
        self.keys.seen.add(key.reveal())
        desk = self._desks.pop(environment.name, None)
        if desk is not None:
            self._retired.append(desk)

    def key_source(self, environment: Environment) -> KeySource:
        """Where `environment`'s key comes from now (`KeySource.SESSION` is "this session
        only"). Blocking (the keyring): on an event loop, `await key_source_of(...)`."""
        return self.keys.source(environment)

    async def key_source_of(self, environment: Environment) -> KeySource:
        """`key_source`, in a thread."""
        return await self._off_loop.call(self.keys.source, environment)

    def has_key(self, environment: Environment) -> bool:
        """Whether `environment` has a usable key. Blocking (the OS keyring talks D-Bus): on
        an event loop, `await key_present(...)` or `await keys_present(...)`."""
        if environment.embedded_sandbox:
            return True
        try:
            self.keys.resolve(environment)
        except KeyUnavailable:
            return False
        return True

    async def key_present(self, environment: Environment) -> bool:
        """`has_key`, in a thread."""
        return await self._off_loop.call(self.has_key, environment)

    async def keys_present(self, environments: Iterable[Environment]) -> dict[str, bool]:
        """`has_key` for each environment, by name, in one thread (a picker's list)."""
        chosen = list(environments)
        return await self._off_loop.call(lambda: {env.name: self.has_key(env) for env in chosen})

    async def store_key(self, environment: Environment, key: ApiKey) -> StoredKey:
        """Store `environment`'s key in the OS keyring (nowhere else), and forget the desk
        that may hold a client with the old key. Raises `KeyringUnavailable` (reason and
        ways out) or `ValueError` for an environment that takes no stored key."""
        from console.settings.keyring_store import store_key

        # In a thread: a real keyring talks D-Bus and may wait for an unlock prompt.
        backend = await self._off_loop.call(
            store_key, environment.name, key, backend=self.keyring_backend
        )
        self.keys.seen.add(key.reveal())
        desk = self._desks.pop(environment.name, None)
        if desk is not None:
            await desk.aclose()
        variable = self.keys.variable_for(environment)
        shadowed = bool(self._environ.get(variable, "").strip())
        from .workspace_answers import StoredKey

        return StoredKey(environment.name, key.masked, backend, variable if shadowed else None)

    async def save_ui_setting(self, key: str, value: str) -> None:
        """Remember one `[ui]` value (the theme) in the config file, written atomically, in a
        thread. Raises `ConfigError` when the file refuses the change."""
        from console.settings.config_edit import set_ui_value

        await self._off_loop.call(set_ui_value, self.settings.path, key, value)

    async def lookup_elsewhere(
        self, query: PurchaseQuery, *, exclude: str, note: str | None = None
    ) -> list[Elsewhere]:
        """Look a purchase up, read-only, in every other environment that has a key — the
        usual answer to a 3901 on call is "wrong environment". The same query everywhere: the
        purchase and its store do not change with the environment."""
        from .workspace_answers import Elsewhere

        others = [env for env in self.environments if env.name != exclude]
        present = await self.keys_present(others)
        usable = [env for env in others if present[env.name]]
        lookups = [self.desk(env).lookup(query, note=note) for env in usable]
        if self._off_loop.inline:
            outcomes = [await lookup for lookup in lookups]  # one after the other, no loop
        else:
            import asyncio  # a screen's, or `verify --all-envs`: all at once

            outcomes = await asyncio.gather(*lookups)
        found = {env.name: outcome for env, outcome in zip(usable, outcomes, strict=True)}

        return [
            Elsewhere(env, found.get(env.name), None if env.name in found else "no API key")
            for env in others
        ]

    @property
    def write_ahead(self) -> WriteAhead:
        """The one gate every consume of this session goes through (write_ahead.py), made
        on first use: without a history that takes its entry first, a consume is refused."""
        if self._write_ahead is None:
            from .write_ahead import WriteAhead

            self._write_ahead = WriteAhead(
                self._history,
                self.operator,
                problem=None if self._history is not None else _HISTORY_NOT_OPENED,
                warnings=self._warnings,
            )
        return self._write_ahead

    @property
    def consumes_in_flight(self) -> tuple[int, ...]:
        """History entries of consumes sent by this process whose outcome is not known yet
        (none before the first consume made the gate)."""
        return self._write_ahead.in_flight if self._write_ahead is not None else ()

    # --- lifetime -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Write what is waiting, close every desk, then the history (in threads)."""
        await self.flush_history()
        for desk in [*self._desks.values(), *self._retired]:
            await desk.aclose()
        self._desks.clear()
        self._retired.clear()
        if self._history is not None:
            await self._off_loop.call(self._history.close)

    async def __aenter__(self) -> Workspace:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def history_path(environ: Mapping[str, str] | None = None) -> Path:
    return data_dir(environ) / HISTORY_FILE


def _history_password(backend: KeyringBackend | None) -> str | None:
    # Imported when the shared history connects (in the opening thread): keyring stays out
    # of commands that never open it.
    from console.settings.keyring_store import read_history_password

    return read_history_password(backend=backend)


def _off_notice(error: HistoryUnavailable) -> str:
    return (
        f"the history is off for this run: {error.reason}. Lookups still work but are not on "
        f"record, and every consume is refused until this is fixed. To fix it: {error.remedy}"
    )


_HISTORY_NOT_OPENED = HistoryUnavailable(
    "the history was not opened for this run", "run the command again"
)


def __getattr__(name: str) -> object:
    """`Elsewhere` and `StoredKey`, from workspace_answers.py on first use (PEP 562)."""
    if name in ("Elsewhere", "StoredKey"):
        from . import workspace_answers

        return getattr(workspace_answers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
