"""Issue 12 end to end in a real terminal (tmux): the installed console on the embedded sandbox
(the first-run default, nothing configured but an isolated home), a fresh subscription looked
up with its deadline and time left beside Consume, ctrl+k, the dialog opening on Cancel, the
acknowledge confirmed and its answer and history entry shown; acknowledging again is answered
5002, explained.

The embedded sandbox lives inside the console's process, so what it did is read from the
screen — the form's answer and the history tab — as a person reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import Terminal, console_environment
from tests.e2e.test_tmux_hostile import _console, _installed

QUESTION = "Acknowledge this subscription?"


@pytest.fixture
def embedded_terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    """The console with `--env sandbox`: its own simulator, started on a loopback port."""
    environment = console_environment(tmp_path, sandbox)
    with _console(tmp_path, environment, [_installed(), "--env", "sandbox"]) as terminal:
        yield terminal


def _confirm(terminal: Terminal) -> None:
    """ctrl+k: the dialog opens on Cancel; Tab to Acknowledge and press it."""
    terminal.press("C-k")
    terminal.wait_for(QUESTION, "Acknowledge by")
    terminal.wait_until(
        lambda: terminal.focused_button("Acknowledge") == "Cancel", "Cancel focused"
    )
    terminal.press("Tab")
    terminal.wait_until(
        lambda: terminal.focused_button("Acknowledge") == "Acknowledge", "Acknowledge focused"
    )
    terminal.press("Enter")
    terminal.wait_until_gone(QUESTION)


def test_acknowledge_a_fresh_subscription_then_again_in_a_real_terminal(
    embedded_terminal: Terminal,
) -> None:
    terminal = embedded_terminal
    terminal.wait_for("sandbox", "Paste a purchase token above and press Enter")
    terminal.type(seeded.FRESH_TOKEN)
    terminal.press("Enter")
    # Beside Consume, before any key: the deadline and the time left.
    shown = terminal.wait_for("PAID", "Acknowledge subscription", "Acknowledge by", "h left")
    assert "Consume" in shown

    # A reflexive Enter on the dialog sends nothing.
    terminal.press("C-k")
    terminal.wait_for(QUESTION)
    terminal.wait_until(
        lambda: terminal.focused_button("Acknowledge") == "Cancel", "Cancel focused"
    )
    terminal.press("Enter")
    terminal.wait_for("nothing was acknowledged")
    terminal.wait_until_gone(QUESTION)
    terminal.wait_for("subscription not acknowledged")

    _confirm(terminal)
    terminal.wait_for("ACKNOWLEDGED:", "On record as history entry", "Acknowledged (seen here)")

    # Again: now.gg answers 5002 and the form explains it; nothing was acknowledged twice.
    _confirm(terminal)
    terminal.wait_for("FAILED:", "5002", "INVALID_SUBSCRIPTION_OPERATION", timeout=15)

    # The history has both attempts: the first OK, the second now.gg's refusal.
    terminal.press("C-g")
    terminal.wait_for("entries, newest first")
    terminal.wait_for_row("sandbox", "acknowledge", "OK")
    terminal.wait_for_row("sandbox", "acknowledge", "5002")

    terminal.press("C-q")
    status, last = terminal.wait_for_exit()
    assert "Traceback" not in last, last
    assert status == 0, last
