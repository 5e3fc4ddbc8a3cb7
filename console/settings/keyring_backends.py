"""Which keyring backend the console trusts with API keys, and what to call it on screen.

keyring picks a backend by itself, and when nothing better exists it may pick one that keeps
secrets in a plain file (keyrings.alt) or one that stores nothing at all (`fail`, `null`).
The console refuses those with a clear reason instead of falling back silently. A chain of
backends is narrowed to its first trustworthy member, so a key is read from and written to
one place, never to a file further down the chain.
"""

from __future__ import annotations

from typing import Final

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from .keyring_errors import KEYRING_ERRORS, KeyringUnavailable, ways_out
from .memory_keyring import MemoryKeyring

_WORDS: Final = {
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service (libsecret)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
    "keyring.backends.fail": "no keyring",
    "keyring.backends.null": "keyring disabled",
}
IN_MEMORY: Final = "in-memory (tests only; forgotten when the process ends)"
_FILE_BACKENDS: Final = "keyrings.alt"
# What loading a backend named by PYTHON_KEYRING_BACKEND or keyringrc.cfg can raise.
_LOAD_ERRORS: Final[tuple[type[BaseException], ...]] = (
    ImportError,
    AttributeError,
    ValueError,
    *KEYRING_ERRORS,
)


def describe(backend: KeyringBackend) -> str:
    """The backend in words, e.g. "Secret Service (SecretService Keyring)"."""
    if isinstance(backend, MemoryKeyring):
        return IN_MEMORY
    kind = type(backend)
    words = _WORDS.get(kind.__module__, kind.__module__)
    return f"{words} ({kind.name})"


def _refusal(backend: KeyringBackend, environment: str | None) -> KeyringUnavailable | None:
    """Why this backend may not hold an API key, or None when it may."""
    name = describe(backend)
    if isinstance(backend, fail.Keyring):
        return KeyringUnavailable(
            "no usable OS keyring: keyring found no Secret Service, KWallet, Keychain or "
            f"Credential Manager, and fell back to {name}",
            ways_out(environment),
            name,
        )
    if isinstance(backend, null.Keyring):
        return KeyringUnavailable(
            f"the OS keyring is switched off for Python ({name}), perhaps by "
            "PYTHON_KEYRING_BACKEND or keyring's keyringrc.cfg",
            ways_out(environment, "remove that setting (`python -m keyring diagnose` shows where)"),
            name,
        )
    if type(backend).__module__.startswith(_FILE_BACKENDS):
        return KeyringUnavailable(
            f"the keyring backend {name} keeps secrets in a file, which this console refuses "
            "for API keys",
            ways_out(
                environment,
                "uninstall keyrings.alt, or choose a real keyring: "
                "PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring",
            ),
            name,
        )
    return None


def trusted_backend(
    backend: KeyringBackend | None = None, environment: str | None = None
) -> KeyringBackend:
    """The backend to use: `backend` if given (tests), else keyring's own choice, narrowed
    to a trustworthy one. Raises `KeyringUnavailable` when there is none; its ways out name
    `environment`'s variable when given."""
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except _LOAD_ERRORS as error:
            # A PYTHON_KEYRING_BACKEND or keyringrc.cfg naming a backend that cannot load.
            raise KeyringUnavailable(
                f"keyring could not load its configured backend ({type(error).__name__}: {error})",
                ways_out(
                    environment, "check PYTHON_KEYRING_BACKEND and `python -m keyring diagnose`"
                ),
            ) from None
    if isinstance(backend, chainer.ChainerBackend):
        members: list[KeyringBackend] = list(backend.backends)
        for member in members:
            if _refusal(member, environment) is None:
                return member
        first_refusal = _refusal(members[0], environment) if members else None
        raise first_refusal or KeyringUnavailable(
            "no usable OS keyring: keyring's chain of backends is empty",
            ways_out(environment),
            describe(backend),
        )
    refusal = _refusal(backend, environment)
    if refusal is not None:
        raise refusal
    return backend
