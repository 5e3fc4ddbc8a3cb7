"""The main screen below the lookup field: the tabs — the purchase (the answer pane with the
write forms beside it: consume, and acknowledge when the purchase is or may be a
subscription), the history, the worklist and the webhooks, the last three built when first
shown.

The screen mounts it right after its first frame, which holds the banner and the token field
only: those are what a person looks at and types into first, and the rest (tabs, form, footer)
costs more to compose and style than the whole first frame (screens/main_screen.py).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from console.tui.widgets.acknowledge_form import AcknowledgeForm
from console.tui.widgets.consume_form import ConsumeForm
from console.tui.widgets.lazy_tab_pane import LazyTabPane
from console.tui.widgets.result_area import ResultArea
from console.tui.widgets.steady_container import (
    SteadyContainer,
    SteadyHorizontal,
    SteadyTabbedContent,
    SteadyTabPane,
    SteadyVertical,
)
from console.tui.widgets.tab_ids import HISTORY_TAB, PURCHASE_TAB, WEBHOOKS_TAB, WORKLIST_TAB

NARROW_WIDTH = 100
"""Columns below which the write forms leave the side of the purchase for bars below it."""


class MainBody(Vertical, SteadyContainer):
    DEFAULT_CSS = """
    MainBody {
        height: 1fr;
    }
    MainBody #panes {
        height: 1fr;
    }
    MainBody #purchase-row {
        height: 1fr;
    }
    MainBody.-narrow #purchase-row {
        layout: vertical;
    }
    MainBody #write-forms {
        width: 42;
        height: 1fr;
    }
    MainBody.-narrow #write-forms {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(
        self,
        history: Callable[[], Widget],
        worklist: Callable[[], Widget],
        *,
        id: str | None = None,
        webhooks: Callable[[], Widget] | None = None,
    ) -> None:
        """`history`, `worklist`, `webhooks`: make each tab's content, the first time it
        shows (no webhooks tab without its maker)."""
        super().__init__(id=id)
        self._history = history
        self._worklist = worklist
        self._webhooks = webhooks

    def on_resize(self, event: events.Resize) -> None:
        """Below `NARROW_WIDTH` the write forms are bars under the purchase: beside it, they
        would take the room the values need, and their buttons would fall off an 80x24
        screen."""
        narrow = event.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        self.query_one(ConsumeForm).set_compact(narrow)
        self.query_one(AcknowledgeForm).set_compact(narrow)
        self.query_one(ResultArea).set_compact(narrow)

    def compose(self) -> ComposeResult:
        with SteadyTabbedContent(id="panes"):
            with SteadyTabPane("Purchase", id=PURCHASE_TAB), SteadyHorizontal(id="purchase-row"):
                yield ResultArea(id="result")
                with SteadyVertical(id="write-forms"):
                    yield ConsumeForm(id="consume-form")
                    yield AcknowledgeForm(id="acknowledge-form")
            yield LazyTabPane("History", self._history, id=HISTORY_TAB)
            yield LazyTabPane("Worklist", self._worklist, id=WORKLIST_TAB)
            if self._webhooks is not None:
                yield LazyTabPane("Webhooks", self._webhooks, id=WEBHOOKS_TAB)
