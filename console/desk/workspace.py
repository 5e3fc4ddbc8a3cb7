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
from datetime import timedelta
from pathlib import Path

from keyring.backend import KeyringBackend

from console.history import (
    HistoryStore,
    HistoryUnavailable,
    Retention,
    current_operator,
)
from console.payments.apikey import ApiKey
from console.payments.client import Timeouts
from console.settings.config import LoadedSettings, load_settings
from console.settings.environments import Environment, adhoc_environment
from console.settings.keyring_store import store_key
from console.settings.keys import KeyResolver, KeyUnavailable
from console.settings.paths import data_dir
from console.settings.selection import choose_environment

from .desk import Desk
from .outcomes import LookupOutcome
from .recording import Recorder

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
    ) -> None:
        self.settings = settings
        self.history = history
        self.timeouts = timeouts or Timeouts()
        self._environ = os.environ if environ is None else environ
        # None: keyring's own trustworthy choice. Tests pass the in-memory backend.
        self.keyring_backend = keyring_backend
        self.keys = _RememberingKeys(self._environ, keyring_backend)
        self.notices = list(notices)
        self.recorder = Recorder(history, current_operator()) if history else None
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
        """Load the settings and open the history; neither failure stops the console."""
        settings = load_settings(environ=environ)
        notices = [message for message in (settings.ignored_message(),) if message]
        history = None
        if with_history:
            history, history_notices = _open_history(settings, environ)
            notices.extend(history_notices)
        workspace = cls(
            settings,
            history,
            environ=environ,
            timeouts=timeouts,
            notices=notices,
            keyring_backend=keyring_backend,
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
            desk = Desk(environment, keys=self.keys, timeouts=self.timeouts, recorder=self.recorder)
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
        self,
        token: str,
        *,
        exclude: str,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
        note: str | None = None,
    ) -> list[Elsewhere]:
        """Look a token up, read-only, in every other environment that has a key — the usual
        answer to a 3901 on call is "wrong environment"."""
        others = [env for env in self.environments if env.name != exclude]
        usable = [env for env in others if self.has_key(env)]
        outcomes = await asyncio.gather(
            *(
                self.desk(env).lookup(
                    token, store=store, product_id=product_id, currency=currency, note=note
                )
                for env in usable
            )
        )
        found = {env.name: outcome for env, outcome in zip(usable, outcomes, strict=True)}
        return [
            Elsewhere(env, found.get(env.name), None if env.name in found else "no API key")
            for env in others
        ]

    @property
    def warnings(self) -> list[str]:
        """History writes that failed during this session, for the front end to show."""
        return list(self.recorder.warnings) if self.recorder else []

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
) -> tuple[HistoryStore | None, list[str]]:
    try:
        history = HistoryStore(history_path(environ))
        history.prune(Retention(days=settings.retention.days, rows=settings.retention.rows))
    except HistoryUnavailable as error:
        return None, [f"the history is off for this run: {error.reason}"]
    return history, list(history.notices)


def resolve_window(timeouts: Timeouts) -> timedelta:
    """How old an unknown consume must be before `history resolve` touches it: older than any
    request still in flight in another console."""
    return timedelta(seconds=timeouts.connect + timeouts.read + 1)
