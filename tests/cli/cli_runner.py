"""Runs `nowgg-console` as a user would: a separate process, its own config and data folders,
no colour, and (unless a test gives one) no terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.cli.json_schemas import check_json_output


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


CliRunner = Callable[..., Run]
"""A fixture's runner: `cli("verify", TOKEN, stdin=…, VARIABLE=value)`."""


def isolated_environ(home: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NOWGG_CONSOLE") and key not in ("NO_COLOR", "TERM")
    }
    environ.update(
        NO_COLOR="1",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        NOWGG_CONSOLE_CONFIG=str(home / "config" / "nowgg-console" / "config.toml"),
        NOWGG_CONSOLE_DATA=str(home / "data" / "nowgg-console"),
    )
    environ.update(extra)
    return environ


def cli_command(*args: str, prefix: Sequence[str] = ()) -> list[str]:
    """The command line of `nowgg-console ARGS`; `prefix` runs it through a wrapper (another
    user, a resource limit)."""
    return [*prefix, sys.executable, "-m", "console", *args]


def run_cli(
    home: Path,
    *args: str,
    stdin: str = "",
    timeout: float = 60,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (),
) -> Run:
    completed = subprocess.run(
        cli_command(*args, prefix=prefix),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=isolated_environ(home, **(env or {})),
    )
    # Every `--json` output of the suite fits the schema the package ships for it.
    check_json_output(args, completed.stdout)
    return Run(completed.returncode, completed.stdout, completed.stderr)


def start_cli(
    home: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """`nowgg-console ARGS` started and left running, for a test that interrupts or kills it;
    the caller reaps it (`communicate`)."""
    return subprocess.Popen(
        cli_command(*args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=isolated_environ(home, **(env or {})),
    )
