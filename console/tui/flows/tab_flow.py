"""Which tab shows: the purchase, the history, the worklist. The history and the worklist are
built the first time they show (`LazyTabPane`), whichever way they are opened: a key, the
command palette, a click on the tab, `--tokens FILE` at start — their modules loaded then, and
only once the workspace they read is open (at once, but for the first instant after start)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from console.tui.widgets.tab_ids import HISTORY_TAB, PURCHASE_TAB, WORKLIST_TAB

from .workers import TAB_GROUP

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import TabbedContent, TabPane

    from console.tui.widgets.lazy_tab_pane import LazyTabPane

    from .host import FlowHost

__all__ = ["HISTORY_TAB", "PURCHASE_TAB", "WORKLIST_TAB", "TabFlow"]


class TabFlow:
    def __init__(self, host: FlowHost, tabs: Callable[[], TabbedContent]) -> None:
        """`tabs`: the screen's tabs, once composed."""
        self._host = host
        self._tabs = tabs

    def show(self, tab: str) -> None:
        from textual.widgets import TabPane  # loaded with the tabs, after the first frame

        tabs = self._tabs()
        tabs.active = tab
        self._build_soon(tabs.get_pane(tab))
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
        if isinstance(pane, _lazy_pane()):
            await self._host.ready()
            await pane.build()

    def _build_soon(self, pane: TabPane) -> None:
        """Build a lazy pane now if the workspace is open, else as soon as it is."""
        if not isinstance(pane, _lazy_pane()) or pane.content is not None:
            return
        if self._host.session.is_open and self._host.result.prepared:
            pane.build()
        elif pane.id is not None:
            self._host.start_worker(
                partial(self.build_quietly, pane.id), name=f"build {pane.id}", group=TAB_GROUP
            )

    async def build_quietly(self, tab: str) -> None:
        """Build a tab without bringing it to the front (it may have been left meanwhile)."""
        pane = self._tabs().get_pane(tab)
        if isinstance(pane, _lazy_pane()):
            await self._host.ready()
            await pane.build()

    def content(self, tab: str) -> Widget | None:
        """What a lazily built tab holds, once it was first shown."""
        pane = self._tabs().get_pane(tab)
        return pane.content if isinstance(pane, _lazy_pane()) else None

    def activated(self, pane: TabPane) -> None:
        """A tab came to the front, however it was chosen (a click on the tab, too)."""
        self._build_soon(pane)


def _lazy_pane() -> type[LazyTabPane]:
    from console.tui.widgets.lazy_tab_pane import LazyTabPane

    return LazyTabPane
