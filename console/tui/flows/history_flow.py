"""The history tab seen from the main screen: opening it (built on first show), a chosen entry
put back in the lookup fields, an entry's lookup re-run in its environment — and the history
writes that failed, said once each (the desk never lets them cost an operation its result)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable

from console.history import HistoryEntry
from console.payments import PaymentsError, parse_store
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.lazy_tab_pane import LazyTabPane
from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import HISTORY_TAB

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class HistoryFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._failures_said = 0

    @property
    def pane(self) -> HistoryPane | None:
        """The history pane, once its tab was first shown."""
        content = self._screen.query_one(f"#{HISTORY_TAB}", LazyTabPane).content
        return content if isinstance(content, HistoryPane) else None

    async def open(self) -> None:
        """ctrl+g: the history, read afresh, its table focused."""
        self._screen.tab_flow.show(HISTORY_TAB)
        await self._screen.query_one(f"#{HISTORY_TAB}", LazyTabPane).build()
        pane = self.pane
        if pane is None:
            return
        pane.refresh_entries()
        for table in pane.query(DataTable):
            table.focus()

    def refresh(self) -> None:
        pane = self.pane
        if pane is not None:
            pane.refresh_entries()
        self.report_write_failures()

    def report_write_failures(self) -> None:
        """Each history write that failed since the last call, as a warning: the call itself
        went through, but it is not on record."""
        failures = self._screen.console.workspace.warnings
        for failure in failures[self._failures_said :]:
            self._screen.notify(failure, title="history", severity="warning", timeout=10)
        self._failures_said = len(failures)

    def _request_of(self, entry: HistoryEntry) -> LookupRequest | None:
        """The entry as lookup fields; None (and why, on screen) when it has nothing to look
        up: a consume refused before it had a token, a store this console does not know."""
        if not entry.token:
            self._screen.notify("This entry has no token to look up.", severity="warning")
            return None
        try:
            store = parse_store(entry.store)
        except PaymentsError as error:
            self._screen.notify(
                f"This entry cannot be looked up again: {error.reason}", severity="warning"
            )
            return None
        return LookupRequest(entry.token, store.value, entry.product_id, entry.currency)

    def entry_chosen(self, entry: HistoryEntry) -> None:
        """A past call is shown by the history pane itself; here its token is put in the
        lookup fields, ready to look up again, never shown as if it were current."""
        screen = self._screen
        request = self._request_of(entry)
        if request is None:
            return
        screen.lookup_pane.fill(request)
        where = (
            ""
            if entry.environment == screen.console.environment.name
            else f" It was made on {entry.environment}: r re-runs it there."
        )
        screen.notify(f"Token in the lookup field: ctrl+l looks it up here.{where}", timeout=5)

    def rerun(self, entry: HistoryEntry) -> None:
        screen = self._screen
        console = screen.console
        request = self._request_of(entry)
        if request is None:
            return
        environment = console.workspace.settings.find(entry.environment)
        if environment is None:
            screen.notify(
                f"The environment {entry.environment!r} of this entry no longer exists.",
                severity="error",
            )
            return
        if environment != console.environment:
            console.switch_environment(environment)
            if environment != console.environment:
                return  # refused: a consume is in flight
        screen.lookup_pane.fill(request)
        screen.lookup_flow.start(request)
