"""A paste into the single token field that holds several tokens: open them as a worklist?

Joining them would look up a token that does not exist, and picking one would be a guess; the
agent decides. Dismissed with True to open the worklist, False or None to keep the field. Opens
on "Keep the field", so an Enter meant for the field sends nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import SEVERAL_TOKENS, Scope
from console.tui.outside_text import safe_text

_SHOWN = 8
"""Tokens listed in the dialog; the worklist shows them all."""


class SeveralTokensDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    SeveralTokensDialog {
        align: center middle;
    }
    SeveralTokensDialog #several-dialog {
        width: 80%;
        max-width: 100;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    SeveralTokensDialog #several-list {
        color: $text-muted;
        margin: 1 0;
    }
    SeveralTokensDialog #several-buttons {
        height: auto;
        align-horizontal: right;
    }
    SeveralTokensDialog Button {
        margin-left: 1;
    }
    """

    BINDINGS = scope_bindings(SEVERAL_TOKENS)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = SEVERAL_TOKENS

    def __init__(self, tokens: tuple[str, ...]) -> None:
        super().__init__()
        use_keymap(self, SEVERAL_TOKENS)
        self._tokens = tokens

    def compose(self) -> ComposeResult:
        safe = safe_text(self)
        listed = [f"  {safe(token)}" for token in self._tokens[:_SHOWN]]
        if len(self._tokens) > _SHOWN:
            listed.append(f"  … and {len(self._tokens) - _SHOWN} more")
        with Vertical(id="several-dialog"):
            yield Label(
                f"This paste holds {len(self._tokens)} tokens, not one. "
                "Look them all up as a worklist?",
                markup=False,
            )
            yield Static(Content("\n".join(listed)), id="several-list")
            with Horizontal(id="several-buttons"):
                yield Button("Open as worklist", id="several-open", variant="primary")
                yield Button("Keep the field", id="several-keep")

    def on_mount(self) -> None:
        self.query_one("#several-keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "several-open")

    def action_cancel(self) -> None:
        self.dismiss(False)
