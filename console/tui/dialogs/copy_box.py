"""The copy box: text the clipboard may not have received, offered to select and as a file.

Opened instead of a "Copied" toast where OSC 52 cannot be confirmed (clipboard_reach.py): it
says why, shows the text in a read-only area to select (the terminal's own selection works
too: inside tmux, its copy mode), and gives the path of a file holding it (0600).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from console.text_safety import printable_lines
from console.tui.clipboard_reach import ClipboardReach
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import COPY_BOX, Scope
from console.tui.outside_text import safe_text


class CopyBox(ModalScreen[None]):
    DEFAULT_CSS = """
    CopyBox {
        align: center middle;
    }
    CopyBox #copy-box {
        width: 90%;
        max-width: 120;
        height: 85%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    CopyBox #copy-why, CopyBox #copy-file {
        height: auto;
        margin-bottom: 1;
    }
    CopyBox #copy-text {
        height: 1fr;
    }
    CopyBox #copy-buttons {
        height: auto;
        align-horizontal: right;
    }
    """

    BINDINGS = scope_bindings(COPY_BOX)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = COPY_BOX

    def __init__(self, title: str, text: str, reach: ClipboardReach, saved: Path | str) -> None:
        super().__init__()
        use_keymap(self, COPY_BOX)
        self._title = title
        self._text = text
        self._reach = reach
        self._saved = saved

    def compose(self) -> ComposeResult:
        safe = safe_text(self)
        with Vertical(id="copy-box"):
            yield Label(
                f"{safe(self._title)}: sent to the clipboard, but not known to have arrived",
                markup=False,
            )
            yield Static(
                Content(safe(f"Why: {self._reach.why}. Select the text below, or use the file.")),
                id="copy-why",
            )
            yield Static(Content(safe(f"File (yours alone, 0600): {self._saved}")), id="copy-file")
            # Printable: the area draws what it holds, and a control character must not reach
            # the terminal; the file holds the text exactly.
            yield TextArea(printable_lines(self._text), read_only=True, id="copy-text")
            with Horizontal(id="copy-buttons"):
                yield Button("Close", id="copy-close", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one("#copy-text", TextArea)
        area.focus()
        area.select_all()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
