"""Where an environment's API key comes from, and a clear error when it is nowhere.

Lookup order: a key given for this session only (the console's prompt, when the keyring is
unusable: memory only, gone at exit), then the variable `NOWGG_CONSOLE_API_KEY_<ENV>` (for one
shell or a CI job), then the OS keyring (`nowgg-console key set ENV`), then `KeyUnavailable`
saying how to give one. The ad-hoc `--base-url` environment reads only the generic
`NOWGG_CONSOLE_API_KEY`. The embedded sandbox supplies its own key, so it is never asked about
here.

This console never writes a key to a file; the keyring is the only place it stores one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from console.payments import ApiKey

from .environments import ADHOC, SANDBOX, Environment
from .key_variables import key_variable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

_TRY_SANDBOX = f"or try the built-in sandbox, which needs no key: --env {SANDBOX}"


class KeySource(StrEnum):
    """Where an environment's key comes from, in the words a banner or a status table uses."""

    SESSION = "this session only"
    """Given in the console for this session: kept in memory, never written, gone at exit."""
    VARIABLE = "variable"
    KEYRING = "keyring"
    NOT_NEEDED = "not needed"
    NONE = "none"


@dataclass(frozen=True)
class KeyUnavailable(Exception):
    """No usable key for an environment; `ways_out` says how to give one."""

    environment: str
    reason: str
    ways_out: tuple[str, ...]

    def __str__(self) -> str:
        return self.reason


def key_from_variable(environment: Environment, environ: Mapping[str, str]) -> ApiKey | None:
    """The key in the environment's variable; None when unset or blank. Raises
    `KeyUnavailable` for a value that cannot be a key (control characters…)."""
    variable = key_variable(environment.name)
    value = environ.get(variable, "")
    if not value.strip():
        return None
    try:
        return ApiKey(value)
    except ValueError as error:
        raise KeyUnavailable(
            environment.name,
            f"the key in {variable} is unusable: {error}",
            (f"set {variable} to the payment API key from nowStudio's credentials section",),
        ) from None


class KeyResolver:
    """Finds the API key of an environment. `backend` is for tests (an in-memory or a real
    Secret Service backend); by default keyring's own trustworthy choice is used."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        backend: KeyringBackend | None = None,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        self._backend = backend
        # Keys given for this session only, by environment name: memory, nothing else.
        self._session: dict[str, ApiKey] = {}

    def variable_for(self, environment: Environment) -> str:
        """The variable whose name a curl line or a dry run shows in place of the key."""
        return key_variable(environment.name)

    def use_for_session(self, environment: Environment, key: ApiKey) -> None:
        """Use `key` for `environment` until this process ends: never written anywhere (for a
        machine whose keyring is unusable). It wins over the variable and the keyring."""
        self._session[environment.name] = key

    def forget_session_key(self, environment: Environment) -> bool:
        """Drop a session key; whether there was one."""
        return self._session.pop(environment.name, None) is not None

    def source(self, environment: Environment) -> KeySource:
        """Where `resolve` would take the key from now; `NONE` when it would fail. Blocking
        like `resolve` (the keyring may talk D-Bus)."""
        if environment.embedded_sandbox:
            return KeySource.NOT_NEEDED
        if environment.name in self._session:
            return KeySource.SESSION
        try:
            if key_from_variable(environment, self._environ) is not None:
                return KeySource.VARIABLE
            self.resolve(environment)
        except KeyUnavailable:
            return KeySource.NONE
        return KeySource.KEYRING

    def resolve(self, environment: Environment) -> ApiKey:
        name = environment.name
        variable = self.variable_for(environment)
        session = self._session.get(name)
        if session is not None:
            return session
        from_variable = key_from_variable(environment, self._environ)
        if from_variable is not None:
            return from_variable
        if name == ADHOC:
            raise KeyUnavailable(
                name,
                f"no API key for the --base-url environment: {variable} is not set",
                (f"read -rs {variable} && export {variable}", _TRY_SANDBOX),
            )
        # Imported here: a key from a variable needs no keyring, and loading it (and its
        # D-Bus backends) costs a command that sends one request more than the request.
        from .keyring_errors import KeyringUnavailable
        from .keyring_store import read_key

        try:
            stored = read_key(name, backend=self._backend)
        except KeyringUnavailable as problem:
            raise KeyUnavailable(
                name,
                f"no API key for {name!r}: {variable} is not set, and the OS keyring is "
                f"unusable: {problem.reason}",
                (*problem.ways_out, _TRY_SANDBOX),
            ) from None
        except ValueError as error:
            raise KeyUnavailable(
                name,
                f"the key stored in the OS keyring for {name!r} is unusable: {error}",
                (f"store it again: nowgg-console key set {name}",),
            ) from None
        if stored is None:
            raise KeyUnavailable(
                name,
                f"no API key for {name!r}: none in the OS keyring, and {variable} is not set",
                (
                    f"store it in the OS keyring: nowgg-console key set {name}",
                    f"or for this shell only: read -rs {variable} && export {variable}",
                    _TRY_SANDBOX,
                ),
            )
        return stored
