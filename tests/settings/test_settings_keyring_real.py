"""API keys in the real Secret Service (gnome-keyring on a private D-Bus session), checked by
an independent reader, `secret-tool` (libsecret-tools); and the real failure when the Secret
Service is there but locked, in a fresh session of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from console.payments.apikey import ApiKey
from console.settings.environments import Environment
from console.settings.key_status import KeySource, key_status
from console.settings.keyring_store import (
    SERVICE,
    delete_key,
    keyring_status,
    read_key,
    store_key,
)
from console.settings.keys import KeyResolver
from tests.keyring_service import keyring_unavailable

REPO = Path(__file__).resolve().parents[2]
KEY = "real-keyring-key-0123456789-f00d"


def secret_tool(*arguments: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("secret-tool")
    if tool is None:
        keyring_unavailable("secret-tool is not installed (Debian package libsecret-tools)")
    return subprocess.run(
        [tool, *arguments], capture_output=True, text=True, timeout=10, check=False
    )


@pytest.fixture
def name(real_keyring: KeyringBackend) -> Iterator[str]:
    """A fresh environment name per test, its entry removed afterwards whatever happens."""
    fresh = f"t-{uuid.uuid4().hex[:12]}"
    yield fresh
    delete_key(fresh, backend=real_keyring)


def environment(name: str) -> Environment:
    return Environment(name=name, base_url="https://x.example.com/", label=name, colour="cyan")


def test_a_key_is_stored_read_and_deleted_in_the_secret_service(
    real_keyring: KeyringBackend, name: str
) -> None:
    where = store_key(name, ApiKey(KEY), backend=real_keyring)
    assert where == "Secret Service (SecretService Keyring)"
    assert read_key(name, backend=real_keyring) == ApiKey(KEY)
    # An independent reader finds it under the documented service and user names.
    found = secret_tool("lookup", "service", SERVICE, "username", name)
    assert (found.returncode, found.stdout) == (0, KEY)

    assert delete_key(name, backend=real_keyring) is True
    assert read_key(name, backend=real_keyring) is None
    assert secret_tool("lookup", "service", SERVICE, "username", name).stdout == ""
    assert delete_key(name, backend=real_keyring) is False


def test_storing_again_replaces_the_key(real_keyring: KeyringBackend, name: str) -> None:
    store_key(name, ApiKey(KEY), backend=real_keyring)
    store_key(name, ApiKey(KEY + "-new"), backend=real_keyring)
    listed = secret_tool("search", "--all", "service", SERVICE, "username", name)
    # One item: secret-tool prints a "[/path]" header line per item found.
    assert sum(line.startswith("[/") for line in listed.stdout.splitlines()) == 1
    assert secret_tool("lookup", "service", SERVICE, "username", name).stdout == KEY + "-new"


def test_status_names_the_secret_service(real_keyring: KeyringBackend) -> None:
    status = keyring_status(backend=real_keyring)
    assert status.usable and status.reason is None
    assert status.backend == "Secret Service (SecretService Keyring)"


def test_resolve_and_status_read_the_secret_service_after_the_variable(
    real_keyring: KeyringBackend, name: str
) -> None:
    store_key(name, ApiKey(KEY), backend=real_keyring)
    target = environment(name)
    assert KeyResolver({}, backend=real_keyring).resolve(target) == ApiKey(KEY)
    variable = KeyResolver({}).variable_for(target)
    environ = {variable: "from-the-variable-0000-beef"}
    resolver = KeyResolver(environ, backend=real_keyring)
    assert resolver.resolve(target) == ApiKey("from-the-variable-0000-beef")

    (stored,) = key_status([target], environ={}, backend=real_keyring)
    assert stored.source is KeySource.KEYRING and stored.masked == "••••f00d"
    assert stored.backend == "Secret Service (SecretService Keyring)"
    (exported,) = key_status([target], environ=environ, backend=real_keyring)
    assert exported.source is KeySource.VARIABLE and exported.shadowed
    assert exported.masked == "••••beef"


def _fresh_session(
    tmp_path: Path, script: str, before: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `script` in Python inside a new D-Bus session with a throw-away home and no
    display (so no unlock dialog can appear on a developer's desktop)."""
    runner = shutil.which("dbus-run-session")
    if runner is None or shutil.which("gnome-keyring-daemon") is None:
        keyring_unavailable("dbus-run-session or gnome-keyring-daemon is not installed")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
    }
    command = f'{before}\nexec {sys.executable} -c "$SCRIPT"'
    return subprocess.run(
        [runner, "--", "bash", "-c", command],
        env={**env, "SCRIPT": script},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


_TRY_TO_STORE = f"""
import json
from console.payments.apikey import ApiKey
from console.settings.keyring_errors import KeyringUnavailable
from console.settings.keyring_store import read_key, store_key
try:
    where = store_key("staging", ApiKey({KEY!r}))
    print(json.dumps({{"stored": where, "read": read_key("staging").masked}}))
except KeyringUnavailable as problem:
    print(json.dumps({{"reason": problem.reason, "ways_out": problem.ways_out}}))
"""


def test_a_locked_secret_service_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    # D-Bus starts gnome-keyring on demand, locked, with no keyring and no way to prompt:
    # what a headless server without an unlocked keyring looks like. keyring's own
    # backend detection is used, as in a real run.
    result = _fresh_session(tmp_path, _TRY_TO_STORE)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert "locked or has no default keyring" in outcome["reason"], outcome
    ways_out = "\n".join(outcome["ways_out"])
    assert "NOWGG_CONSOLE_API_KEY_STAGING" in ways_out
    assert "gnome-keyring-daemon --unlock --components=secrets" in ways_out
    # No fallback to a file: not one regular file anywhere in the throw-away home.
    files = [p for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert files == []
    assert KEY not in result.stdout + result.stderr


def test_the_headless_way_out_gives_a_working_keyring(tmp_path: Path) -> None:
    # The recipe the error suggests, without its interactive `read` and `exec bash`.
    unlock = (
        "printf %s nowgg-test-password | "
        "gnome-keyring-daemon --unlock --components=secrets >/dev/null"
    )
    result = _fresh_session(tmp_path, _TRY_TO_STORE, before=unlock)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"stored": "Secret Service (SecretService Keyring)", "read": "••••f00d"}
    # The keyring file is gnome-keyring's, encrypted: the key is not in it in clear.
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
