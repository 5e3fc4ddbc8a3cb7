"""The real OS keyring for tests: gnome-keyring's Secret Service, started and unlocked on the
session bus that `dbus-run-session` gives (`scripts/test` runs the suite that way). In CI
(`CI=true`) it must work, so a failure to start it fails the tests; elsewhere they are skipped
with the reason. A Secret Service that already runs on the bus (a desktop's keyring) is never
replaced: the keyring then gets a private bus of its own for these tests.

Used as a pytest plugin from tests/conftest.py, so every test package can ask for
`real_keyring`; subprocesses started by a test inherit the bus address from os.environ.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import NoReturn

import pytest
from keyring.backend import KeyringBackend

SECRET_SERVICE = "org.freedesktop.secrets"
KEYRING_PASSWORD = b"nowgg-console-tests"
START_TIMEOUT_S = 10.0


def keyring_unavailable(reason: str) -> NoReturn:
    """Fail in CI, where the real keyring tests must run; skip with the reason elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"the real keyring is required in CI and could not be used: {reason}", pytrace=False
        )
    pytest.skip(
        f"real keyring unavailable: {reason} "
        "(run under `dbus-run-session -- python -m pytest tests/settings`)"
    )


def _has_owner(name: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
    return bool(reply.body[0])


def _wait_for(condition_name: str, check: Callable[[], bool], deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.05)
    keyring_unavailable(f"{condition_name} did not happen within {START_TIMEOUT_S:g} s")


def _start_private_bus(stack: list[subprocess.Popen[bytes]]) -> str:
    """A session bus of our own, so an existing keyring daemon is never touched."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        keyring_unavailable(
            "a Secret Service already runs on this bus and dbus-daemon is "
            "missing to start a private one"
        )
    bus = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    stack.append(bus)
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    if not address:
        keyring_unavailable("the private dbus-daemon printed no address")
    return address


def _read_variables(daemon: subprocess.Popen[bytes], deadline: float) -> dict[str, str]:
    """gnome-keyring-daemon prints NAME=value lines (GNOME_KEYRING_CONTROL…) once it is up;
    with --components=secrets just one, so read one line, without waiting forever."""
    assert daemon.stdout is not None
    ready, _, _ = select.select([daemon.stdout], [], [], max(deadline - time.monotonic(), 0))
    if not ready:
        keyring_unavailable("gnome-keyring-daemon printed nothing")
    line = daemon.stdout.readline().decode().strip()
    if "=" not in line:
        keyring_unavailable(f"gnome-keyring-daemon did not start (exit code {daemon.poll()})")
    name, _, value = line.partition("=")
    return {name: value}


@pytest.fixture(scope="session")
def real_keyring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyringBackend]:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        keyring_unavailable("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    daemon_path = shutil.which("gnome-keyring-daemon")
    if daemon_path is None:
        keyring_unavailable("gnome-keyring-daemon is not installed (scripts/install --test)")
    try:
        from keyring.backends import SecretService
    except ImportError as error:
        keyring_unavailable(f"keyring's Secret Service backend cannot load: {error}")

    saved = dict(os.environ)
    started: list[subprocess.Popen[bytes]] = []
    try:
        try:
            taken = _has_owner(SECRET_SERVICE)
        except Exception as error:
            keyring_unavailable(f"the session bus does not answer: {error}")
        if taken:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = _start_private_bus(started)
        # The keyring files go to a throw-away directory, never the user's own.
        home = tmp_path_factory.mktemp("keyring-home")
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
        daemon = subprocess.Popen(
            [daemon_path, "--replace", "--unlock", "--foreground", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        started.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(KEYRING_PASSWORD)
        daemon.stdin.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        os.environ.update(_read_variables(daemon, deadline))
        _wait_for(f"{SECRET_SERVICE} answering", lambda: _has_owner(SECRET_SERVICE), deadline)

        def unlocked() -> bool:
            import secretstorage

            connection = secretstorage.dbus_init()
            try:
                return not secretstorage.get_default_collection(connection).is_locked()
            finally:
                connection.close()

        _wait_for("an unlocked default keyring", unlocked, deadline)
        yield SecretService.Keyring()
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        os.environ.clear()
        os.environ.update(saved)
