"""`key status`: for each environment, whether a key is there, where from, shown masked.

It reads keys the way `KeyResolver` does (the variable first, then the keyring), so what it
shows is what a command would use. A key appears only masked (`••••` + last 4 characters).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from keyring.backend import KeyringBackend

from .environments import Environment
from .key_variables import key_variable
from .keyring_errors import KeyringUnavailable
from .keyring_store import KeyringStatus, keyring_status, read_key
from .keys import KeySource, KeyUnavailable, key_from_variable

__all__ = ["KeySource", "KeyStatus", "key_status"]


@dataclass(frozen=True)
class KeyStatus:
    environment: str
    source: KeySource
    masked: str | None
    """`••••1a2b` when a key is there, else None."""
    variable: str
    """The per-environment variable, which takes precedence over the keyring."""
    backend: str
    """The keyring backend in words (where `key set` stores)."""
    shadowed: bool = False
    """The variable is used while the keyring holds a key too: the stored one is ignored."""
    problem: str | None = None
    """Why no key could be read (an unusable variable or keyring), in one line."""

    @property
    def present(self) -> bool:
        return self.source in (KeySource.VARIABLE, KeySource.KEYRING, KeySource.SESSION)

    @property
    def where(self) -> str:
        """Where the key comes from, in words for the status table."""
        if self.source is KeySource.VARIABLE:
            return f"variable {self.variable}" + (" (overrides the keyring)" * self.shadowed)
        if self.source is KeySource.KEYRING:
            return f"keyring: {self.backend}"
        if self.source is KeySource.NOT_NEEDED:
            return "not needed (the embedded sandbox has its own)"
        if self.source is KeySource.SESSION:
            return "this session only (memory; never written)"
        return "none"


def _status(
    environment: Environment,
    environ: Mapping[str, str],
    keyring: KeyringStatus,
    backend: KeyringBackend | None,
) -> KeyStatus:
    name = environment.name
    missing = KeyStatus(name, KeySource.NONE, None, key_variable(name), keyring.backend)
    if environment.embedded_sandbox:
        return replace(missing, source=KeySource.NOT_NEEDED)
    try:
        from_variable = key_from_variable(environment, environ)
    except KeyUnavailable as unusable_variable:
        return replace(missing, problem=unusable_variable.reason)
    stored = None
    reason = keyring.reason
    if keyring.usable:
        try:
            stored = read_key(name, backend=backend)
        except KeyringUnavailable as unusable_keyring:
            reason = unusable_keyring.reason
        except ValueError as error:
            reason = f"the stored key is unusable ({error}): store it again"
    if from_variable is not None:
        return replace(
            missing,
            source=KeySource.VARIABLE,
            masked=from_variable.masked,
            shadowed=stored is not None,
        )
    if stored is not None:
        return replace(missing, source=KeySource.KEYRING, masked=stored.masked)
    return replace(missing, problem=reason)


def key_status(
    environments: Iterable[Environment],
    *,
    environ: Mapping[str, str] | None = None,
    backend: KeyringBackend | None = None,
) -> list[KeyStatus]:
    """One line per environment, in the order given. The keyring is probed once: when it is
    unusable each environment without a variable says why (`keyring_status()` has the ways
    out)."""
    environ = os.environ if environ is None else environ
    keyring = keyring_status(backend=backend)
    return [_status(environment, environ, keyring, backend) for environment in environments]
