"""Choosing how to hand a worklist over: CSV, JSON or Markdown (a ticket or a test report),
for the rows it names (the selection, the filtered rows, or all). Escape writes nothing."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from console.desk.worklist_export import ExportFormat
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import EXPORT, Scope


class WorklistExportDialog(ModalScreen[ExportFormat | None]):
    DEFAULT_CSS = """
    WorklistExportDialog {
        align: center middle;
    }
    WorklistExportDialog > Vertical {
        width: 72;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    WorklistExportDialog #export-buttons {
        height: auto;
        margin-top: 1;
    }
    WorklistExportDialog Button {
        margin-right: 2;
    }
    """

    BINDINGS = scope_bindings(EXPORT)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = EXPORT

    def __init__(self, count: int, scope_words: str, where: str) -> None:
        """`scope_words`: which rows (`selected`, `filtered`, `all`); `where`: the folder."""
        super().__init__()
        use_keymap(self, EXPORT)
        self._count = count
        self._scope_words = scope_words
        self._where = where

    def compose(self) -> ComposeResult:
        rows = f"{self._count} row{'s' if self._count != 1 else ''} ({self._scope_words})"
        with Vertical():
            yield Static(
                Content.assemble(
                    (f"Export {rows}", "bold"),
                    "\nA new file, readable by you alone, in ",
                    (self._where, "$text-accent"),
                    "; Markdown is also copied to the clipboard.",
                ),
                id="export-what",
            )
            with Horizontal(id="export-buttons"):
                yield Button("Markdown", id="export-md", variant="primary")
                yield Button("CSV", id="export-csv")
                yield Button("JSON", id="export-json")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-md", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        chosen = {
            "export-md": ExportFormat.MARKDOWN,
            "export-csv": ExportFormat.CSV,
            "export-json": ExportFormat.JSON,
        }.get(event.button.id or "")
        self.dismiss(chosen)

    def action_choose(self, name: str) -> None:
        self.dismiss(ExportFormat(name))

    def action_cancel(self) -> None:
        self.dismiss(None)
