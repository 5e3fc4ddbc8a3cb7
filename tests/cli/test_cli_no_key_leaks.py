"""A whole working session with a real, secret key — and then a search of every file the
console wrote and everything it printed, for that key. It must be nowhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner

SECRET = "live-3c9e71b0d24f4e8a9b56"


@pytest.fixture
def secret_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=SECRET) as server:
        yield server


def test_the_key_reaches_no_file_and_no_output(
    cli: CliRunner,
    real_keyring: KeyringBackend,
    secret_sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    printed: list[str] = []

    def run(*args: str, code: int = 0, stdin: str = "") -> str:
        result = cli(*args, stdin=stdin)
        assert result.code == code, (args, result.out, result.err)
        printed.extend((result.out, result.err))
        return result.out

    export_file = tmp_path / "ticket.md"
    run("env", "add", "qa", "--base-url", secret_sandbox.url, "--label", "QA")
    run("key", "set", "qa", stdin=SECRET + "\n")
    run("key", "status")
    run("key", "status", "--json")
    run("env", "show", "qa")
    run("verify", "sbx-paid-unconsumed-0001", "--env", "qa", "--note", "ZD-7")
    run("verify", "sbx-paid-unconsumed-0001", "--env", "qa", "--json")
    run("verify", "no-such-token", "--env", "qa", code=1)
    run("verify", "sbx-fault-html-502", "--env", "qa", code=3)
    run("verify", "sbx-paid-consumed-0002", "--env", "qa", "--all-envs")
    dry = run("consume", "sbx-paid-unconsumed-0001", "--env", "qa", "--dry-run")
    assert "curl" in dry and "$NOWGG_CONSOLE_API_KEY_QA" in dry
    run("consume", "sbx-paid-unconsumed-0001", "--env", "qa", "--dry-run", "--json")
    run("consume", "sbx-paid-unconsumed-0001", "--env", "qa", "--yes", "--note", "ZD-7")
    run("consume", "sbx-test-order-0005", "--env", "qa", "--yes", "--json")
    run(
        "consume",
        "sbx-fault-consume-never-applied",
        "--env",
        "qa",
        "--yes",
        "--timeout",
        "0.5",
        code=3,
    )
    run("history")
    run("history", "--json")
    run("history", "show", "1")
    run("history", "export", "--format", "md", "--output", str(export_file))
    run("history", "export", "--format", "json")
    run("history", "export", "--format", "csv")
    assert "sbx-paid-unconsumed-0001" in export_file.read_text()

    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.name == "history.sqlite3" for path in written)
    secret = SECRET.encode()
    leaks = [str(path) for path in written if secret in path.read_bytes()]
    assert leaks == []
    assert not [text for text in printed if SECRET in text]
    assert any("••••9b56" in text for text in printed)  # shown masked, where shown at all
