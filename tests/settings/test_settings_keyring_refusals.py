"""No usable keyring: the `fail` and `null` backends, a file-based backend, a locked or missing
Secret Service. Each gives one clear reason and the ways out, and nothing reaches a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import InitError, KeyringLocked
from secretstorage.exceptions import SecretServiceNotAvailableException

from console.payments.apikey import ApiKey
from console.settings.environments import Environment
from console.settings.key_status import KeySource, key_status
from console.settings.keyring_backends import trusted_backend
from console.settings.keyring_errors import KeyringUnavailable
from console.settings.keyring_store import delete_key, keyring_status, read_key, store_key
from console.settings.keys import KeyResolver, KeyUnavailable
from console.settings.memory_keyring import MemoryKeyring

KEY = "never-in-a-file-0123456789-cafe"
STAGING = Environment(name="staging", base_url="https://s.example.com/", label="S", colour="yellow")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend (not installed here): same module name."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a file-based backend was given the key")


PlaintextKeyring.__module__ = "keyrings.alt.file"


class FailingKeyring(MemoryKeyring):
    """A real backend whose every call fails the way a locked or absent service does."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error


def assert_ways_out(ways_out: tuple[str, ...], variable: str) -> None:
    text = "\n".join(ways_out)
    assert variable in text
    assert "gnome-keyring-daemon --unlock --components=secrets" in text
    assert "dbus-run-session" in text
    assert '"Login" keyring' in text


UNUSABLE: list[tuple[str, KeyringBackend, str]] = [
    ("fail", fail.Keyring(), "no usable OS keyring"),
    ("null", null.Keyring(), "switched off"),
    ("plaintext file", PlaintextKeyring(), "keeps secrets in a file"),
    ("locked", FailingKeyring(KeyringLocked("Failed to unlock the collection!")), "is locked"),
    (
        "no prompt",
        FailingKeyring(InitError("Failed to create the collection: Prompt dismissed..")),
        "no unlock prompt could be shown",
    ),
    (
        "no D-Bus",
        FailingKeyring(
            SecretServiceNotAvailableException(
                "Environment variable DBUS_SESSION_BUS_ADDRESS is unset"
            )
        ),
        "not reachable over D-Bus",
    ),
    (
        "socket refused",
        FailingKeyring(ConnectionRefusedError(111, "Connection refused")),
        "could not talk to the OS keyring",
    ),
]


@pytest.mark.parametrize(
    ("backend", "reason"), [(b, r) for _, b, r in UNUSABLE], ids=[name for name, _, _ in UNUSABLE]
)
def test_an_unusable_keyring_is_one_clear_error_with_ways_out_and_no_file(
    backend: KeyringBackend, reason: str, isolated_home: Path
) -> None:
    with pytest.raises(KeyringUnavailable) as stored:
        store_key("staging", ApiKey(KEY), backend=backend)
    assert reason in stored.value.reason
    assert_ways_out(stored.value.ways_out, "NOWGG_CONSOLE_API_KEY_STAGING")
    assert KEY not in str(stored.value) and KEY not in repr(stored.value.ways_out)

    with pytest.raises(KeyringUnavailable):
        read_key("staging", backend=backend)
    with pytest.raises(KeyringUnavailable):
        delete_key("staging", backend=backend)

    # The resolver turns it into the desk's KeyUnavailable, still with the ways out.
    with pytest.raises(KeyUnavailable) as resolved:
        KeyResolver({}, backend=backend).resolve(STAGING)
    assert "NOWGG_CONSOLE_API_KEY_STAGING is not set" in resolved.value.reason
    assert "keyring is unusable" in resolved.value.reason and reason in resolved.value.reason
    assert_ways_out(resolved.value.ways_out, "NOWGG_CONSOLE_API_KEY_STAGING")

    status = keyring_status(backend=backend)
    assert not status.usable and status.reason is not None and reason in status.reason
    assert status.ways_out
    (row,) = key_status([STAGING], environ={}, backend=backend)
    assert row.source is KeySource.NONE and row.problem is not None and reason in row.problem

    # No fallback anywhere: the throw-away home (HOME and every XDG dir) holds no file at all.
    assert [p for p in isolated_home.rglob("*") if p.is_file()] == []


def test_a_variable_still_works_when_the_keyring_does_not() -> None:
    environ = {"NOWGG_CONSOLE_API_KEY_STAGING": KEY}
    assert KeyResolver(environ, backend=fail.Keyring()).resolve(STAGING) == ApiKey(KEY)
    (row,) = key_status([STAGING], environ=environ, backend=fail.Keyring())
    assert row.source is KeySource.VARIABLE and row.masked == "••••cafe" and not row.shadowed


def test_the_fail_backend_is_named_in_the_status() -> None:
    status = keyring_status(backend=fail.Keyring())
    assert status.backend == "no keyring (fail Keyring)"


def test_a_chain_is_narrowed_to_its_first_trustworthy_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trusted = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring(), trusted])
    assert trusted_backend(chainer.ChainerBackend()) is trusted
    store_key("staging", ApiKey(KEY), backend=chainer.ChainerBackend())
    assert read_key("staging", backend=trusted) == ApiKey(KEY)


def test_a_chain_of_file_backends_only_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring()])
    with pytest.raises(KeyringUnavailable, match="keeps secrets in a file"):
        store_key("staging", ApiKey(KEY), backend=chainer.ChainerBackend())


def test_a_keyring_that_loses_the_key_is_not_trusted() -> None:
    class Forgetful(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            pass

    with pytest.raises(KeyringUnavailable, match="does not give it back"):
        store_key("staging", ApiKey(KEY), backend=Forgetful())


def test_the_in_memory_backend_is_never_chosen_by_keyring_itself() -> None:
    import keyring.core

    assert not isinstance(keyring.core._detect_backend(), MemoryKeyring)
