"""End to end in a real terminal: a tab key pressed the instant the console shows its first
frame — before the tabs below it are mounted — is not lost: ctrl+t opens the worklist once
they are there (an operator who opens the console fifty times a day types ahead)."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import console_environment
from tests.e2e.test_tmux_hostile import _console, _installed


def test_ctrl_t_pressed_at_the_first_frame_opens_the_worklist(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environment = console_environment(tmp_path, sandbox)
    with _console(tmp_path, environment, [_installed(), "--env", "qa"]) as terminal:
        terminal.wait_for("Purchase token")  # the first frame: the token field alone
        terminal.press("C-t")
        terminal.wait_for("Paste tokens, one a line")
