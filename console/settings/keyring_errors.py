"""When the OS keyring cannot be used: one clear sentence why, and the ways out.

The errors of keyring, SecretStorage and jeepney (D-Bus) are many and say little to a support
agent ("Prompt dismissed.."); each is turned into a `KeyringUnavailable` with a reason a
person can act on and the same ways out everywhere: the per-environment variable, or how to
get a working keyring.
"""

from __future__ import annotations

import importlib
import sys
from typing import Final

from keyring.errors import InitError, KeyringError, KeyringLocked, NoKeyringError

from .key_variables import key_variable

_REASON_LENGTH: Final = 200


class KeyringUnavailable(Exception):
    """No usable OS keyring; nothing was read or written. `ways_out` says what to do."""

    def __init__(self, reason: str, ways_out: tuple[str, ...], backend: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ways_out = ways_out
        self.backend = backend
        """The backend in words, when one was found (and refused or failing)."""

    def __str__(self) -> str:
        return self.reason


def _optional_error_types() -> tuple[type[BaseException], ...]:
    """SecretStorage's and jeepney's (D-Bus) errors; both exist on Linux only, and elsewhere
    keyring's own errors suffice."""
    found: list[type[BaseException]] = []
    for module_name, class_name in (
        ("secretstorage.exceptions", "SecretStorageException"),
        ("jeepney", "DBusErrorResponse"),
    ):
        try:
            error_type = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        if isinstance(error_type, type) and issubclass(error_type, BaseException):
            found.append(error_type)
    return tuple(found)


KEYRING_ERRORS: Final[tuple[type[BaseException], ...]] = (
    KeyringError,
    # keyring raises RuntimeError for a backend that is not viable (no D-Bus, no daemon).
    RuntimeError,
    # A D-Bus socket that refuses or drops the connection.
    OSError,
    *_optional_error_types(),
)


def _one_line(text: str) -> str:
    line = " ".join(text.split()).rstrip(". ")
    return line if len(line) <= _REASON_LENGTH else line[: _REASON_LENGTH - 1] + "…"


def explain(error: BaseException) -> str:
    """Why the keyring failed, in words; never includes a secret (keyring errors carry none)."""
    detail = _one_line(str(error)) or type(error).__name__
    name = type(error).__name__
    if isinstance(error, NoKeyringError):
        return "no OS keyring is available (keyring found no recommended backend)"
    if isinstance(error, KeyringLocked) or name == "LockedException":
        return "the OS keyring is locked and was not unlocked"
    if isinstance(error, InitError) or name == "PromptDismissedException":
        return (
            "the OS keyring is locked or has no default keyring, and no unlock prompt could be "
            f"shown ({detail})"
        )
    if name == "SecretServiceNotAvailableException":
        return f"the Secret Service (the desktop keyring) is not reachable over D-Bus ({detail})"
    if name == "DBusErrorResponse":
        return f"D-Bus answered the keyring request with an error ({detail})"
    if isinstance(error, OSError):
        return f"could not talk to the OS keyring ({detail})"
    return f"the OS keyring failed ({name}: {detail})"


def ways_out(environment: str | None = None, *extra: str) -> tuple[str, ...]:
    """What to do without a keyring, or to get one. `extra` comes first: it is specific."""
    variable = key_variable(environment) if environment else "NOWGG_CONSOLE_API_KEY_<ENV>"
    ways = [
        *extra,
        # `read -rs` keeps the key off the screen and out of the shell's history file.
        f"give the key for this shell only: read -rs {variable} && export {variable}",
    ]
    if sys.platform.startswith("linux"):
        ways += [
            'on a desktop: unlock the "Login" keyring (Passwords and Keys / Seahorse), '
            "or log out and in again",
            'without a desktop: dbus-run-session -- bash -c \'read -rsp "keyring password: " PW; '
            'printf %s "$PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; '
            "exec bash' (needs the gnome-keyring and dbus packages), then run nowgg-console in "
            "that shell; the same password opens the same keyring next time",
        ]
    elif sys.platform == "darwin":
        ways.append("unlock the login keychain (Keychain Access)")
    elif sys.platform == "win32":
        ways.append("check that Windows Credential Manager is available for your account")
    return tuple(ways)


def unavailable(
    error: BaseException, environment: str | None = None, backend: str | None = None
) -> KeyringUnavailable:
    return KeyringUnavailable(explain(error), ways_out(environment), backend)
