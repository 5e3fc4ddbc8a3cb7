"""End to end: the history pane, opened on entries that are already there, shows its columns
at their content's width in a real terminal — not cut to their headers' width ("2026",
"no-su", "1-202410") until a key happens to be pressed, as it did when the table was left to
measure them on its next idle (a Pilot test cannot see this: its own events repaint)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import console_environment
from tests.e2e.test_tmux_hostile import _console, _installed

LOOKED_UP = ("sbx-paid-unconsumed-0001", "sbx-unpaid-0003", "no-such-token")
UNPAID_ORDER_ID = "1-2024102813020900000000003"


def test_the_history_pane_shows_whole_columns_without_a_key_pressed(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environment = console_environment(tmp_path, sandbox)
    for token in LOOKED_UP:
        subprocess.run(
            [_installed(), "verify", token, "--env", "qa"],
            env=environment,
            capture_output=True,
            check=False,
            timeout=60,
        )
    with _console(tmp_path, environment, [_installed(), "--env", "qa"]) as terminal:
        terminal.wait_for("Paste a purchase token above and press Enter")
        # The console reads the history soon after its first frame, the History tab still
        # hidden: let it, so the table is filled before it is shown (the case that broke).
        time.sleep(1.5)
        terminal.press("C-g")
        terminal.wait_for("3 entries, newest first")
        # The second entry is only in the table (the details show the newest): its order id
        # and token whole, and the time with its seconds.
        shown = terminal.wait_for(UNPAID_ORDER_ID, "sbx-unpaid-0003")
        row = next(line for line in shown.splitlines() if UNPAID_ORDER_ID in line)
        assert "verify" in row and ":" in row, row
