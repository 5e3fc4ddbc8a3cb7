"""Under the banner: where a shared (PostgreSQL) history is, and — in the warning colour —
when its server cannot be reached, with how many entries wait in the local spool. Nothing at
all for a local history file, the default: there is nothing to say about it.

The console keeps working while the server is away (the spool takes every entry, a consume's
write-ahead included), so this is news, not an error; the operator must still know that a
teammate's console cannot see tonight's entries until the server is back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from console.tui.outside_text import safe_text

if TYPE_CHECKING:  # the history loads after the first frame, never for it
    from console.history.shared_state import SharedHistoryState


def shared_history_words(state: SharedHistoryState | None) -> str | None:
    """The line for `state`; None for a local history (nothing is shown)."""
    if state is None:
        return None
    if state.reachable:
        words = f"history: shared {state.location}"
        if state.spooled:
            words += f" · sending {_entries(state.spooled)} spooled while it was away"
        return words
    words = (
        f"history server unreachable — {_entries(state.spooled)} spooled locally, sent when it "
        "is back"
    )
    if state.problem:
        words += f" ({state.problem})"
    return words


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


class SharedHistoryBar(Static):
    DEFAULT_CSS = """
    SharedHistoryBar {
        /* One line, whatever the width: at 80x24 a wrapped libpq message took five rows
        from the purchase. What does not fit ends in "…"; the whole text is its tooltip. */
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    SharedHistoryBar.-unreachable {
        background: $warning-muted;
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.state: SharedHistoryState | None = None
        """As last shown (None: a local history, or not asked yet)."""

    def show_state(self, state: SharedHistoryState | None) -> None:
        self.state = state
        words = shared_history_words(state)
        self.set_class(state is not None and not state.reachable, "-unreachable")
        if words is None:
            self.display = False
            return
        # The location and the problem come from the config and the server: plain text.
        mark = "⚠ " if state is not None and not state.reachable else ""
        shown = Content.assemble(mark, safe_text(self)(words))
        self.update(shown)
        self.tooltip = shown
        self.display = True
