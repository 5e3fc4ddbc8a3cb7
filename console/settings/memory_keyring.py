"""An in-memory keyring backend for fast unit tests: nothing leaves the process.

It is never chosen by keyring's own detection (its priority is below every other), so it
cannot become a silent fallback: it is only used when a test hands it over explicitly. The
status line says "in-memory", so it cannot be mistaken for a real keyring either.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, forgotten when the object is."""

    # Below `fail` (0) and `null` (-1), which keyring always has at hand, and not above 0,
    # which the chainer requires: keyring's detection can never pick this one by itself.
    priority = -100

    def __init__(self) -> None:
        # No super().__init__(): it only reads KEYRING_PROPERTY_* variables, meaningless here.
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")
