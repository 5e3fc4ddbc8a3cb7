"""End to end in a real terminal: `nowgg-console --tokens FILE` in tmux against the loopback
sandbox server — the worklist opens with the table focused, `n` steps, `c` consumes a row
through the dialog and comes back to the table, twice, with keys only."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import (
    EXITED,
    HEIGHT,
    HOLD_S,
    SESSION,
    WIDTH,
    Terminal,
    _missing,
    console_environment,
)

TOKENS = ["sbx-unpaid-0003", "sbx-paid-unconsumed-0001", "sbx-test-order-0005"]


@pytest.fixture
def worklist_terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        _missing("tmux is not installed (scripts/install --test installs it)")
    program = Path(sys.executable).parent / "nowgg-console"
    if not program.exists():
        _missing(f"the console is not installed next to {sys.executable} (scripts/install)")
    (tmp_path / "home").mkdir()
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("# QA session\n" + "\n".join(TOKENS) + "\nnot a token line\n")
    tmux_conf = tmp_path / "tmux.conf"
    tmux_conf.write_text("set -g status off\n", encoding="utf-8")
    environment = console_environment(tmp_path, sandbox)
    command = (
        shlex.join(
            [
                "env",
                "-i",
                *(f"{name}={value}" for name, value in environment.items()),
                str(program),
                "--env",
                "qa",
                "--tokens",
                str(tokens),
            ]
        )
        + f'; echo "{EXITED} $?]"; exec sleep {HOLD_S}'
    )
    terminal = Terminal(f"nowgg-e2e-wl-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        terminal.tmux(
            "-f",
            str(tmux_conf),
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            command,
        )
        yield terminal
    finally:
        terminal.kill()


def _consumed(sandbox: SandboxServer, token: str) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data["consumptionState"] == 1


def _consume_current_row(terminal: Terminal) -> None:
    terminal.press("c")
    terminal.wait_for("Consume this purchase?")
    terminal.wait_until(lambda: terminal.focused_button() == "Cancel", "Cancel focused")
    terminal.press("Tab")
    terminal.wait_until(lambda: terminal.focused_button() == "Consume", "Consume focused")
    terminal.press("Enter")
    terminal.wait_until_gone("Consume this purchase?")


def test_tokens_file_step_and_consume_two_rows_with_the_keyboard(
    worklist_terminal: Terminal, sandbox: SandboxServer
) -> None:
    terminal = worklist_terminal
    # The summary, and the file's bad line in the notices (not a toast).
    terminal.wait_for("3 rows:", "2 paid & not consumed", "1 unpaid", "line 5:")

    terminal.press("n")
    _consume_current_row(terminal)
    terminal.wait_until(lambda: _consumed(sandbox, TOKENS[1]), "row 2 consumed")
    terminal.wait_for("consumed here at")

    # Still on the table: `n` steps (it never typed into a field), `c` consumes row 3.
    terminal.press("n")
    _consume_current_row(terminal)
    terminal.wait_until(lambda: _consumed(sandbox, TOKENS[2]), "row 3 consumed")
    terminal.wait_for("2 consumed")
    assert not _consumed(sandbox, TOKENS[0])
    screen = terminal.screen()
    assert screen.count("consumed here at") >= 2, screen

    terminal.press("C-q")
    status, last = terminal.wait_for_exit()
    assert "Traceback" not in last, last
    assert status == 0, last
