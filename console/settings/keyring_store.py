"""API keys in the OS keyring: service `nowgg-console`, user name = the environment's name.

The key is handed to the keyring and to nothing else: no file of ours, no log. Every failure
of the keyring becomes one `KeyringUnavailable` with the ways out (see keyring_errors.py);
there is no fallback to a file, on purpose. `backend=` lets tests pass the in-memory backend or
a real Secret Service; by default keyring's own choice is used, if it is trustworthy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from keyring.backend import KeyringBackend

from console.payments import ApiKey

from .config_values import NAME_PATTERN
from .environments import ADHOC, SANDBOX
from .history_url import KEYRING_NAME
from .key_variables import key_variable
from .keyring_backends import describe, trusted_backend
from .keyring_errors import KEYRING_ERRORS, KeyringUnavailable, unavailable, ways_out

SERVICE: Final = "nowgg-console"
HISTORY_PASSWORD: Final = KEYRING_NAME
"""The keyring entry of the shared history's password: `nowgg-console key set history`."""
# Not a possible environment name (a space), so the probe can never meet a real entry.
_PROBE_USER: Final = "nowgg-console status probe"


def _check_name(environment: str) -> None:
    if environment == SANDBOX:
        raise ValueError("the built-in sandbox needs no key: it supplies its own")
    if environment == ADHOC:
        raise ValueError(
            f"--base-url has no stored key: it reads {key_variable(ADHOC)} from the environment"
        )
    if not NAME_PATTERN.fullmatch(environment):
        raise ValueError(f"{environment!r} is not an environment name")


def store_key(environment: str, key: ApiKey, *, backend: KeyringBackend | None = None) -> str:
    """Store (or replace) the key of `environment`; returns the backend in words, for the
    confirmation message. Read back once: a keyring that swallows a key must not look fine."""
    _check_name(environment)
    chosen = trusted_backend(backend, environment)
    try:
        chosen.set_password(SERVICE, environment, key.reveal())
        stored = chosen.get_password(SERVICE, environment)
    except KEYRING_ERRORS as error:
        raise unavailable(error, environment, describe(chosen)) from None
    if stored != key.reveal():
        raise KeyringUnavailable(
            f"{describe(chosen)} accepted the key for {environment!r} but does not give it back",
            ways_out(environment),
            describe(chosen),
        )
    return describe(chosen)


def read_key(environment: str, *, backend: KeyringBackend | None = None) -> ApiKey | None:
    """The stored key, or None when there is none. Raises `KeyringUnavailable`, or
    `ValueError` when what is stored is not a usable key (empty, control characters)."""
    chosen = trusted_backend(backend, environment)
    try:
        value = chosen.get_password(SERVICE, environment)
    except KEYRING_ERRORS as error:
        raise unavailable(error, environment, describe(chosen)) from None
    if value is None:
        return None
    return ApiKey(value)


def store_history_password(password: str, *, backend: KeyringBackend | None = None) -> str:
    """Store the shared history's database password (`key set history`); returns the backend
    in words. Read back once, as keys are. The password is never shown, not even masked."""
    if not password.strip() or not password.strip().isprintable():
        raise ValueError("a password cannot be empty or hold line breaks or control characters")
    chosen = trusted_backend(backend, HISTORY_PASSWORD)
    try:
        chosen.set_password(SERVICE, HISTORY_PASSWORD, password.strip())
        stored = chosen.get_password(SERVICE, HISTORY_PASSWORD)
    except KEYRING_ERRORS as error:
        raise unavailable(error, HISTORY_PASSWORD, describe(chosen)) from None
    if stored != password.strip():
        raise KeyringUnavailable(
            f"{describe(chosen)} accepted the shared history's password but does not give it back",
            ways_out(HISTORY_PASSWORD),
            describe(chosen),
        )
    return describe(chosen)


def read_history_password(*, backend: KeyringBackend | None = None) -> str | None:
    """The shared history's database password from the keyring (`key set history`); None
    when none is stored or the keyring cannot be asked (libpq then looks in ~/.pgpass and
    PGPASSWORD itself, and a refusal says where a password can go)."""
    try:
        chosen = trusted_backend(backend, HISTORY_PASSWORD)
        value = chosen.get_password(SERVICE, HISTORY_PASSWORD)
    except KeyringUnavailable:
        return None
    except KEYRING_ERRORS:
        return None
    return value or None


def delete_key(environment: str, *, backend: KeyringBackend | None = None) -> bool:
    """Delete the stored key; False when there was none."""
    chosen = trusted_backend(backend, environment)
    try:
        # Looked up first: backends disagree on how (or whether) "nothing to delete" is raised.
        if chosen.get_password(SERVICE, environment) is None:
            return False
        chosen.delete_password(SERVICE, environment)
    except KEYRING_ERRORS as error:
        raise unavailable(error, environment, describe(chosen)) from None
    return True


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str
    """The backend in words, e.g. "Secret Service (SecretService Keyring)"."""
    reason: str | None = None
    """Why it is unusable, in one line; None when usable."""
    ways_out: tuple[str, ...] = ()


def keyring_status(*, backend: KeyringBackend | None = None) -> KeyringStatus:
    """Whether keys can be stored and read here. It reads a probe entry, so a locked keyring
    shows up now (on a desktop this may ask to unlock it, as any real use would)."""
    try:
        chosen = trusted_backend(backend)
    except KeyringUnavailable as refusal:
        return KeyringStatus(False, refusal.backend or "none", refusal.reason, refusal.ways_out)
    try:
        chosen.get_password(SERVICE, _PROBE_USER)
    except KEYRING_ERRORS as error:
        problem = unavailable(error, None, describe(chosen))
        return KeyringStatus(False, describe(chosen), problem.reason, problem.ways_out)
    return KeyringStatus(True, describe(chosen))
