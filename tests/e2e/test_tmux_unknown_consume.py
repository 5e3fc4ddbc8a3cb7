"""End to end, issue 9's "done when": a consume killed mid-flight is on record as of unknown
outcome; the next console says so at once, resolves it from the history pane, and the history
shows one consume row with its resolution.

The first console sends a consume the sandbox never answers (it takes no effect) and is killed
(SIGKILL, its own process id) while the screen says it is waiting for the outcome. The second
console, in a terminal of its own, is read as a new user reads it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from console.history import Action, HistoryStore
from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import SESSION, Terminal, console_environment
from tests.e2e.test_tmux_hostile import _console, _installed

TOKEN = "sbx-fault-consume-never-applied"
SHOWN_TOKEN = "sbx-fa…lied"


def _console_pid(terminal: Terminal) -> int:
    """The console's process: the only child of the shell tmux started in the pane."""
    shell = int(terminal.tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip())
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text(encoding="ascii").split()
    assert len(children) == 1, children
    return int(children[0])


def test_a_killed_consume_is_told_at_once_and_resolved_from_the_history_pane(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environment = console_environment(tmp_path, sandbox)
    program = [_installed(), "--env", "qa"]

    with _console(tmp_path, environment, program) as first:
        first.wait_for("qa", "Paste a purchase token above and press Enter")
        first.type(TOKEN)
        first.press("Enter")
        first.wait_for("PAID", "NOT CONSUMED")
        first.press("C-o")
        first.wait_for("Consume this purchase?")
        first.press("Tab")
        first.wait_until(lambda: first.focused_button() == "Consume", "Consume focused")
        first.press("Enter")
        first.wait_for(
            f"Consume of {SHOWN_TOKEN} sent to",
            "a consume that was sent cannot be cancelled",
        )
        os.kill(_console_pid(first), signal.SIGKILL)
        status, _ = first.wait_for_exit()
        assert status == 128 + signal.SIGKILL

    with _console(tmp_path, environment, program) as second:
        # Told at once, without asking.
        second.wait_for("1 consume of unknown outcome on qa", "F7 resolves it")
        second.press("C-g")
        second.wait_for("entries, newest first")
        # The newest entry is the consume, its details under the list.
        second.wait_for("· consume · outcome unknown (unresolved)", TOKEN)
        second.press("v")
        # Its request's deadline has not passed (it was killed seconds ago): resolve now.
        second.wait_for("Resolving consumes of unknown outcome", "NOT YET", "resolves it now")
        second.press("n")
        second.wait_for("DID NOT GO THROUGH", "Proof:", "Not consumed")
        second.press("Escape")
        second.wait_until_gone("Resolving consumes of unknown outcome")
        second.wait_until_gone("consume of unknown outcome on qa")
        # The same row, now with its resolution and the verify that proved it.
        shown = second.wait_for("· consume · outcome unknown, not consumed (resolved by #")
        assert "(unresolved)" not in shown
        second.press("C-q")
        status, last = second.wait_for_exit()
        assert status == 0, last
        assert "Traceback" not in last

    with HistoryStore(Path(environment["NOWGG_CONSOLE_DATA"]) / "history.sqlite3") as history:
        consumes = [entry for entry in history.search() if entry.action is Action.CONSUME]
    (consume,) = consumes
    assert consume.token == TOKEN and not consume.unresolved
    assert consume.resolved_at is not None and consume.proof_entry is not None
