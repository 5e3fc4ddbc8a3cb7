"""A small dialog to add, change or remove the ticket note of a history entry.

Dismissed with the new text ("" removes the note), or with None when cancelled, so the caller
can tell "remove it" from "leave it alone".
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import NOTE, Scope
from console.tui.outside_text import safe_text
from console.tui.widgets.safe_fields import SafeInput


class NoteDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NoteDialog {
        align: center middle;
    }
    NoteDialog #note-dialog {
        width: 70;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    NoteDialog #note-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    NoteDialog Button {
        margin-left: 1;
    }
    """

    BINDINGS = scope_bindings(NOTE)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = NOTE

    def __init__(self, title: str, current: str | None) -> None:
        super().__init__()
        use_keymap(self, NOTE)
        self._title = title
        self._current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Label(self._title, markup=False)
            yield SafeInput(
                placeholder="ticket number or a few words; empty removes the note",
                id="note-input",
                max_length=500,
            )
            with Horizontal(id="note-buttons"):
                yield Button("Save", id="note-save", variant="primary")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        # The note as stored (it came from a ticket): shown printable, kept as it is unless
        # edited, so saving an untouched note does not rewrite it.
        self.query_one("#note-input", SafeInput).show(self._current, safe_text(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.query_one("#note-input", SafeInput).data)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.dismiss(self.query_one("#note-input", SafeInput).data)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
