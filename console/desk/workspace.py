"""Everything a front end needs for one session: the settings, the history, one desk per
environment, and the operations that span environments.

The CLI opens one per command; the TUI keeps one for its lifetime. Both get the same notices
(a config file that was ignored, a history moved aside) to show once.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from keyring.backend import KeyringBackend

from console.history import (
    HistoryStore,
    HistoryUnavailable,
    Retention,
    current_operator,
)
from console.payments import ApiKey, PurchaseQuery, Timeouts
from console.settings.config import LoadedSettings, load_settings
from console.settings.environments import Environment, adhoc_environment
from console.settings.keyring_store import store_key
from console.settings.keys import KeyResolver, KeyUnavailable
from console.settings.paths import data_dir
from console.settings.selection import choose_environment

from .desk import Desk
from .outcomes import LookupOutcome
from .recording import Recorder
from .write_ahead import WriteAhead

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


@dataclass(frozen=True)
class Elsewhere:
    """A token looked up in another environment, or why it was not."""

    environment: Environment
    outcome: LookupOutcome | None
    skipped: str | None = None

    @property
    def found(self) -> bool:
        return self.outcome is not None and self.outcome.ok


@dataclass(frozen=True)
class StoredKey:
    """What storing a key did, for a front end to say; never the key itself."""

    environment: str
    masked: str
    """`••••1a2b`."""
    backend: str
    """The keyring in words."""
    shadowed_by: str | None
    """The variable that is set and wins over the keyring, if any: the stored key is not used
    while it is set."""


class Workspace:
    def __init__(
        self,
        settings: LoadedSettings,
        history: HistoryStore | None,
        *,
        environ: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        notices: Iterable[str] = (),
        keyring_backend: KeyringBackend | None = None,
        history_problem: HistoryUnavailable | None = None,
    ) -> None:
        self.settings = settings
        self.history = history
        self.history_problem = history_problem
        """Why the history is off for this run (None when it is open): lookups go on without
        a record, every consume is refused until it is fixed."""
        self.timeouts = timeouts or Timeouts()
        self._environ = os.environ if environ is None else environ
        # None: keyring's own trustworthy choice. Tests pass the in-memory backend.
        self.keyring_backend = keyring_backend
        self.keys = _RememberingKeys(self._environ, keyring_backend)
        self.notices = list(notices)
        operator = current_operator()
        # One list for every history write that failed, in the order they failed.
        self._warnings: list[str] = []
        self.recorder = Recorder(history, operator, warnings=self._warnings) if history else None
        self.write_ahead = WriteAhead(
            history,
            operator,
            problem=None if history is not None else (history_problem or _HISTORY_NOT_OPENED),
            warnings=self._warnings,
        )
        self._desks: dict[str, Desk] = {}

    @classmethod
    def open(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        with_history: bool = True,
        keyring_backend: KeyringBackend | None = None,
    ) -> Workspace:
        """Load the settings and open the history; neither failure stops the console, but
        without a history every consume is refused (write_ahead.py)."""
        settings = load_settings(environ=environ)
        notices = [message for message in (settings.ignored_message(),) if message]
        history, problem = None, None
        if with_history:
            history, problem, history_notices = _open_history(settings, environ)
            notices.extend(history_notices)
        workspace = cls(
            settings,
            history,
            environ=environ,
            timeouts=timeouts,
            notices=notices,
            keyring_backend=keyring_backend,
            history_problem=problem,
        )
        if history is not None:
            history.set_scrubber(workspace.secrets)
        return workspace

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

    def choose(self, env_flag: str | None = None, base_url: str | None = None) -> Environment:
        """`--base-url`, else `--env`, else NOWGG_CONSOLE_ENV, else the configured default.
        Raises `UnknownEnvironment` with the known names."""
        if base_url:
            return adhoc_environment(base_url)
        return choose_environment(self.settings, env_flag, self._environ)

    def desk(self, environment: Environment) -> Desk:
        desk = self._desks.get(environment.name)
        if desk is None or desk.environment != environment:
            desk = Desk(
                environment,
                keys=self.keys,
                timeouts=self.timeouts,
                recorder=self.recorder,
                write_ahead=self.write_ahead,
            )
            self._desks[environment.name] = desk
        return desk

    def has_key(self, environment: Environment) -> bool:
        if environment.embedded_sandbox:
            return True
        try:
            self.keys.resolve(environment)
        except KeyUnavailable:
            return False
        return True

    async def store_key(self, environment: Environment, key: ApiKey) -> StoredKey:
        """Store `environment`'s key in the OS keyring (nowhere else), and forget the desk
        that may hold a client with the old key. Raises `KeyringUnavailable` (reason and
        ways out) or `ValueError` for an environment that takes no stored key."""
        # In a thread: a real keyring talks D-Bus and may wait for an unlock prompt.
        backend = await asyncio.to_thread(
            store_key, environment.name, key, backend=self.keyring_backend
        )
        self.keys.seen.add(key.reveal())
        desk = self._desks.pop(environment.name, None)
        if desk is not None:
            await desk.aclose()
        variable = self.keys.variable_for(environment)
        shadowed = bool(self._environ.get(variable, "").strip())
        return StoredKey(environment.name, key.masked, backend, variable if shadowed else None)

    async def lookup_elsewhere(
        self, query: PurchaseQuery, *, exclude: str, note: str | None = None
    ) -> list[Elsewhere]:
        """Look a purchase up, read-only, in every other environment that has a key — the
        usual answer to a 3901 on call is "wrong environment". The same query everywhere: the
        purchase and its store do not change with the environment."""
        others = [env for env in self.environments if env.name != exclude]
        usable = [env for env in others if self.has_key(env)]
        outcomes = await asyncio.gather(
            *(self.desk(env).lookup(query, note=note) for env in usable)
        )
        found = {env.name: outcome for env, outcome in zip(usable, outcomes, strict=True)}
        return [
            Elsewhere(env, found.get(env.name), None if env.name in found else "no API key")
            for env in others
        ]

    @property
    def warnings(self) -> list[str]:
        """History writes that failed during this session, for the front end to show."""
        return list(self._warnings)

    @property
    def consumes_in_flight(self) -> tuple[int, ...]:
        """History entries of consumes sent by this process whose outcome is not known yet."""
        return self.write_ahead.in_flight

    async def aclose(self) -> None:
        for desk in self._desks.values():
            await desk.aclose()
        self._desks.clear()
        if self.history is not None:
            self.history.close()

    async def __aenter__(self) -> Workspace:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def history_path(environ: Mapping[str, str] | None = None) -> Path:
    return data_dir(environ) / HISTORY_FILE


def _open_history(
    settings: LoadedSettings, environ: Mapping[str, str] | None
) -> tuple[HistoryStore | None, HistoryUnavailable | None, list[str]]:
    try:
        history = HistoryStore(history_path(environ))
    except HistoryUnavailable as error:
        return None, error, [_off_notice(error)]
    try:
        history.prune(Retention(days=settings.retention.days, rows=settings.retention.rows))
    except HistoryUnavailable as error:
        if not error.busy:
            # Not merely locked: the file cannot be written, so it must not take consumes.
            history.close()
            return None, error, [_off_notice(error)]
        # Another console is writing: pruning waits for the next command.
    return history, None, list(history.notices)


def _off_notice(error: HistoryUnavailable) -> str:
    return (
        f"the history is off for this run: {error.reason}. Lookups still work but are not on "
        f"record, and every consume is refused until this is fixed. To fix it: {error.remedy}"
    )


_HISTORY_NOT_OPENED = HistoryUnavailable(
    "the history was not opened for this run", "run the command again"
)
