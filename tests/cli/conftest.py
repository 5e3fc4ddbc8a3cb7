from __future__ import annotations

from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner, Run, run_cli


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """`cli("verify", TOKEN)` runs the console against its embedded sandbox."""

    def runner(*args: str, stdin: str = "", **env: str) -> Run:
        return run_cli(tmp_path, *args, stdin=stdin, env=env)

    return runner


@pytest.fixture
def served_cli(tmp_path: Path, sandbox: SandboxServer) -> CliRunner:
    """`served_cli("verify", TOKEN)` runs it against the shared loopback sandbox server,
    whose state lasts across commands (reset before each test)."""

    def runner(*args: str, stdin: str = "", **env: str) -> Run:
        env.setdefault("NOWGG_CONSOLE_API_KEY", sandbox.api_key)
        return run_cli(tmp_path, *args, "--base-url", sandbox.url, stdin=stdin, env=env)

    return runner
