"""A copy that never lies: "Copied" only where the clipboard is known to receive OSC 52;
inside tmux without set-clipboard on, or in a terminal not known to take it, the text is
offered in a box to select and in a file of the user's alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import TextArea

from console.sandbox.server import SandboxServer
from console.tui.clipboard_reach import OSC52_VARIABLE, clipboard_reach
from console.tui.dialogs.copy_box import CopyBox
from console.tui.widgets.purchase_detail import FieldTable
from tests.tui.console_harness import console_app, console_environ, look_up, toasts, wait_until


@pytest.mark.parametrize(
    ("environ", "tmux", "confirmed", "says"),
    [
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "external", False, "set-clipboard is external"),
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, None, False, "set-clipboard is unknown"),
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "on", True, "set-clipboard on"),
        ({"STY": "1234.pts-0"}, None, False, "GNU screen"),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, None, False, "not known"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, None, False, "Apple_Terminal is not known"),
        ({"TERM_PROGRAM": "iTerm.app"}, None, True, "iTerm.app"),
        ({"TERM": "xterm-kitty"}, None, True, "xterm-kitty"),
        ({"WT_SESSION": "x", "TERM": "xterm-256color"}, None, True, "takes"),
        ({OSC52_VARIABLE: "0", "TERM_PROGRAM": "iTerm.app"}, None, False, OSC52_VARIABLE),
        ({OSC52_VARIABLE: "1", "TMUX": "x"}, "off", True, OSC52_VARIABLE),
    ],
)
def test_what_is_known_of_the_terminal(
    environ: dict[str, str], tmux: str | None, confirmed: bool, says: str
) -> None:
    reach = clipboard_reach(environ, lambda: tmux)
    assert reach.confirmed is confirmed
    assert says in reach.why


async def test_in_tmux_without_passthrough_a_copy_is_offered_not_claimed(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OSC52_VARIABLE)
    # A tmux that is not there to ask: its option cannot be read, so nothing is confirmed.
    monkeypatch.setenv("TMUX", str(tmp_path / "no-such-tmux-socket") + ",1,0")
    monkeypatch.setenv("PATH", str(tmp_path))
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        table = app.screen.query_one(FieldTable)
        table.focus()
        row = next(
            i
            for i in range(table.row_count)
            if str(table.get_row_at(i)[0]).split("\n")[-1].strip() == "orderId"
        )
        table.move_cursor(row=row)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyBox))
        assert not any(toast.startswith("Copied") for toast in toasts(app))
        box = app.screen
        assert "1-2024103006080100000000001" in box.query_one("#copy-text", TextArea).text
        why = str(box.query_one("#copy-why").render())
        assert "inside tmux" in why
        file_line = str(box.query_one("#copy-file").render())
        path = Path(file_line.split(": ", 1)[1].strip())
        assert path.read_text(encoding="utf-8") == "1-2024103006080100000000001"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CopyBox))
