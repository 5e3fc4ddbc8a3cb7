"""API keys in the real OS keyring (Secret Service via gnome-keyring), as a user stores them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner

SECRET = "live-7f3a9c1e5b2d4a6f8e0c"


@pytest.fixture
def secret_sandbox() -> Iterator[SandboxServer]:
    """A sandbox that plays a real, secret key: any trace of it is a leak."""
    with SandboxServer(api_key=SECRET) as server:
        yield server


def test_a_key_in_the_keyring_is_used_masked_and_deleted(
    cli: CliRunner, real_keyring: KeyringBackend, secret_sandbox: SandboxServer
) -> None:
    assert cli("env", "add", "qa", "--base-url", secret_sandbox.url).code == 0
    stored = cli("key", "set", "qa", stdin=SECRET + "\n")
    assert stored.code == 0, stored.err
    assert "••••8e0c" in stored.out and SECRET not in stored.out
    assert real_keyring.get_password("nowgg-console", "qa") == SECRET
    status = cli("key", "status")
    assert "••••8e0c" in status.out and "keyring" in status.out
    assert SECRET not in status.out
    run = cli("verify", "sbx-paid-unconsumed-0001", "--env", "qa")
    assert run.code == 0, run.out
    # The variable wins over the keyring.
    wrong = cli(
        "verify",
        "sbx-paid-unconsumed-0001",
        "--env",
        "qa",
        NOWGG_CONSOLE_API_KEY_QA="wrong-key-000000",
    )
    assert wrong.code == 1 and "3900" in wrong.out
    assert cli("key", "delete", "qa").code == 0
    assert real_keyring.get_password("nowgg-console", "qa") is None
    missing = cli("verify", "sbx-paid-unconsumed-0001", "--env", "qa")
    assert missing.code == 2
    assert "key set qa" in missing.out


def test_no_usable_keyring_says_so_and_writes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    cli("env", "add", "qa", "--base-url", "http://127.0.0.1:1/")
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    run = cli(
        "key",
        "set",
        "qa",
        stdin=SECRET + "\n",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert run.code == 5
    assert "NOWGG_CONSOLE_API_KEY_QA" in run.err  # a way out
    after = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert before == after
    assert not any(SECRET in p.read_text(errors="replace") for p in after)
