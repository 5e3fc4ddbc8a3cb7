"""Where an environment's API key comes from, and a clear error when it is nowhere.

Lookup order: the variable `NOWGG_CONSOLE_API_KEY_<ENV>` (for one shell or a CI job), then the
OS keyring (`nowgg-console key set ENV`), then `KeyUnavailable` saying how to give one. The
ad-hoc `--base-url` environment reads only the generic `NOWGG_CONSOLE_API_KEY`. The embedded
sandbox supplies its own key, so it is never asked about here.

This console never writes a key to a file; the keyring is the only place it stores one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.payments import ApiKey

from .environments import ADHOC, SANDBOX, Environment
from .key_variables import key_variable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

_TRY_SANDBOX = f"or try the built-in sandbox, which needs no key: --env {SANDBOX}"


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

    def variable_for(self, environment: Environment) -> str:
        """The variable whose name a curl line or a dry run shows in place of the key."""
        return key_variable(environment.name)

    def resolve(self, environment: Environment) -> ApiKey:
        name = environment.name
        variable = self.variable_for(environment)
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
