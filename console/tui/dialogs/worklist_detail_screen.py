"""A worklist row's detail, full-size: what Enter opens when the terminal is too narrow to show
it beside the table (below 120 columns). Escape returns to the same row, focused."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import WORKLIST_DETAIL, Scope


class WorklistDetailScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    WorklistDetailScreen {
        align: center middle;
    }
    WorklistDetailScreen > VerticalScroll {
        width: 100%;
        height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS = scope_bindings(WORKLIST_DETAIL)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = WORKLIST_DETAIL

    def __init__(self, content: Content) -> None:
        super().__init__()
        use_keymap(self, WORKLIST_DETAIL)
        self._content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="worklist-detail-full"):
            yield Static(self._content, id="worklist-detail-full-text")

    def on_mount(self) -> None:
        # Focused, so the arrows and page keys scroll a long reply.
        self.query_one("#worklist-detail-full", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
