"""End to end in a real terminal: `nowgg-console --tokens FILE` in tmux against the loopback
sandbox server — the worklist opens with the table focused, `n` steps, `c` consumes a row
through the dialog and comes back to the table, twice, with keys only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import Terminal, console_environment
from tests.e2e.test_tmux_hostile import _console, _installed

TOKENS = ["sbx-unpaid-0003", "sbx-paid-unconsumed-0001", "sbx-test-order-0005"]


@pytest.fixture
def worklist_terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("# QA session\n" + "\n".join(TOKENS) + "\nnot a token line\n")
    environment = console_environment(tmp_path, sandbox)
    program = [_installed(), "--env", "qa", "--tokens", str(tokens)]
    with _console(tmp_path, environment, program) as terminal:
        yield terminal


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
