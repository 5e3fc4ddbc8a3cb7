"""Which tab shows: the purchase, the history, the worklist. The history and the worklist are
built the first time they show (`LazyTabPane`), whichever way they are opened: a key, the
command palette, a click on the tab, `--tokens FILE` at start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from textual.widgets import TabbedContent, TabPane

from console.tui.widgets.lazy_tab_pane import LazyTabPane

if TYPE_CHECKING:
    from textual.widget import Widget

    from .host import FlowHost

PURCHASE_TAB: Final = "purchase-tab"
HISTORY_TAB: Final = "history-tab"
WORKLIST_TAB: Final = "worklist-tab"


class TabFlow:
    def __init__(self, host: FlowHost, tabs: Callable[[], TabbedContent]) -> None:
        """`tabs`: the screen's tabs, once composed."""
        self._host = host
        self._tabs = tabs

    def show(self, tab: str) -> None:
        tabs = self._tabs()
        tabs.active = tab
        pane = tabs.get_pane(tab)
        if isinstance(pane, LazyTabPane):
            pane.build()
        # Focus left in a hidden pane would pull its tab back to the front.
        focused = self._host.focused
        ancestors = focused.ancestors if focused is not None else []
        panes = [node for node in ancestors if isinstance(node, TabPane)]
        if panes and panes[0].id != tab and tab == PURCHASE_TAB:
            self._host.lookup_pane.token_input.focus()

    async def build(self, tab: str) -> None:
        """Show the tab and wait until its content is mounted (to query inside it)."""
        self.show(tab)
        pane = self._tabs().get_pane(tab)
        if isinstance(pane, LazyTabPane):
            await pane.build()

    def content(self, tab: str) -> Widget | None:
        """What a lazily built tab holds, once it was first shown."""
        pane = self._tabs().get_pane(tab)
        return pane.content if isinstance(pane, LazyTabPane) else None

    def activated(self, pane: TabPane) -> None:
        """A tab came to the front, however it was chosen (a click on the tab, too)."""
        if isinstance(pane, LazyTabPane):
            pane.build()
