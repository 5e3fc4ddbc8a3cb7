"""The worklist tab seen from the main screen: opening it (built on first show), a list given
at start (`--tokens FILE`), its current row shown in the purchase pane, its consume sent
through the one dialog every consume shares, and the proof of a consume put back in its row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.desk import LookupOutcome
from console.tui.widgets.lazy_tab_pane import LazyTabPane
from console.tui.widgets.worklist import Worklist

from .tab_flow import PURCHASE_TAB, WORKLIST_TAB

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class WorklistFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    @property
    def worklist(self) -> Worklist | None:
        """The worklist, once its tab was first shown."""
        content = self._screen.query_one(f"#{WORKLIST_TAB}", LazyTabPane).content
        return content if isinstance(content, Worklist) else None

    def start_with(self, text: str) -> None:
        """`--tokens FILE`: the worklist in front, verifying the file's tokens."""
        self._screen.tab_flow.show(WORKLIST_TAB)
        worklist = self.worklist
        assert worklist is not None, "showing the tab builds it"
        worklist.load_text(text)  # kept until the worklist is mounted, then verified

    async def open(self) -> None:
        """ctrl+t: the worklist, with the table focused when it holds a list."""
        self._screen.tab_flow.show(WORKLIST_TAB)
        await self._screen.query_one(f"#{WORKLIST_TAB}", LazyTabPane).build()
        worklist = self.worklist
        if worklist is None:
            return
        focus = worklist.query("#worklist-table" if worklist.items else "#worklist-input")
        for widget in focus:
            widget.focus()

    def update_row(self, outcome: LookupOutcome) -> None:
        """A newer lookup of a token (a consume's proof) shown in its row, if listed."""
        worklist = self.worklist
        if worklist is not None:
            worklist.update_row(outcome)

    def row_selected(self, outcome: LookupOutcome) -> None:
        """The current row, shown in the purchase pane (ctrl+b) when it belongs to the
        environment on the banner."""
        screen = self._screen
        if outcome.environment == screen.console.environment and not screen.consuming:
            screen.lookup_flow.show_outcome(outcome)

    def consume_row(self, outcome: LookupOutcome) -> None:
        screen = self._screen
        if outcome.environment != screen.console.environment:
            screen.notify(
                f"This row was verified on {outcome.environment.name}; switch there (or "
                "verify the list again) to consume it.",
                severity="warning",
            )
            return
        screen.tab_flow.show(PURCHASE_TAB)
        screen.lookup_flow.show_outcome(outcome)
        screen.consume_flow.request()
