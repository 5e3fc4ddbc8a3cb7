"""Which tab shows: the purchase, the history, the worklist. The history and the worklist are
built the first time they show (`LazyTabPane`), whichever way they are opened: a key, the
command palette, a click on the tab, `--tokens FILE` at start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from textual.widgets import TabbedContent, TabPane

from console.tui.widgets.lazy_tab_pane import LazyTabPane

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen

PURCHASE_TAB: Final = "purchase-tab"
HISTORY_TAB: Final = "history-tab"
WORKLIST_TAB: Final = "worklist-tab"


class TabFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def show(self, tab: str) -> None:
        screen = self._screen
        screen.query_one(TabbedContent).active = tab
        pane = screen.query_one(f"#{tab}", TabPane)
        if isinstance(pane, LazyTabPane):
            pane.build()
        # Focus left in a hidden pane would pull its tab back to the front.
        focused = screen.focused
        ancestors = focused.ancestors if focused is not None else []
        panes = [node for node in ancestors if isinstance(node, TabPane)]
        if panes and panes[0].id != tab and tab == PURCHASE_TAB:
            screen.lookup_pane.token_input.focus()

    def activated(self, pane: TabPane) -> None:
        """A tab came to the front, however it was chosen (a click on the tab, too)."""
        if isinstance(pane, LazyTabPane):
            pane.build()
        if pane.id == HISTORY_TAB:
            # The desk wrote to the history meanwhile: show what it wrote.
            self._screen.history_flow.refresh()
