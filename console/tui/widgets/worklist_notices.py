"""The lines of a list that were not verified (a bad token, an unknown store, a repeat), in
one collapsible list above the table with their line numbers — not a stack of toasts that
covers the table and fades before it is read. Hidden when there is nothing to say."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Collapsible, Static

from console.tui.outside_text import safe_text


class WorklistNotices(Collapsible):
    DEFAULT_CSS = """
    WorklistNotices {
        height: auto;
        max-height: 10;
        display: none;
        padding: 0;
        margin: 0;
    }
    WorklistNotices.-shown {
        display: block;
    }
    WorklistNotices #worklist-notices-text {
        color: $warning;
        height: auto;
        max-height: 7;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            Static("", id="worklist-notices-text"), title="Notices", collapsed=False, id=id
        )

    def show(self, notes: list[str], what: str = "") -> None:
        """`notes`: "line 12: …" each; `what` names where they come from ("of the file")."""
        safe = safe_text(self)
        # Text, not markup: the excerpts are pasted text and may hold "[".
        self.query_one("#worklist-notices-text", Static).update(
            Text("\n".join(f"Not verified: {safe(note)}" for note in notes))
        )
        lines = f"{len(notes)} line{'s' if len(notes) != 1 else ''}"
        where = f" {what}" if what else ""
        self.title = f"{lines}{where} not verified (w shows or hides them)"
        self.set_class(bool(notes), "-shown")

    def flip(self) -> None:
        self.collapsed = not self.collapsed
