"""The history tab seen from the main screen: opening it (built on first show), a chosen entry
put back in the lookup fields, an entry's lookup re-run in its environment — and the history
writes that failed, said once each (the desk never lets them cost an operation its result)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.payments import PaymentsError, parse_store
from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import HISTORY_TAB

if TYPE_CHECKING:
    from console.history import HistoryEntry
    from console.tui.widgets.history_pane import HistoryPane

    from .host import FlowHost


class HistoryFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host
        self._failures_said = 0

    @property
    def pane(self) -> HistoryPane | None:
        """The history pane, once its tab was first shown."""
        # Loaded with the tab: once there is content, the module is.
        from console.tui.widgets.history_pane import HistoryPane

        content = self._host.tab_content(HISTORY_TAB)
        return content if isinstance(content, HistoryPane) else None

    async def open(self) -> None:
        """ctrl+g: the history, read afresh, its table focused."""
        await self._host.build_tab(HISTORY_TAB)
        from textual.widgets import DataTable  # loaded with the history pane

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
        session = self._host.session
        failures = session.workspace.warnings if session.is_open else []
        for failure in failures[self._failures_said :]:
            self._host.notify(failure, title="history", severity="warning", timeout=10)
        self._failures_said = len(failures)

    def _request_of(self, entry: HistoryEntry) -> LookupRequest | None:
        """The entry as lookup fields; None (and why, on screen) when it has nothing to look
        up: a consume refused before it had a token, a store this console does not know."""
        if not entry.token:
            self._host.notify("This entry has no token to look up.", severity="warning")
            return None
        try:
            store = parse_store(entry.store)
        except PaymentsError as error:
            self._host.notify(
                f"This entry cannot be looked up again: {error.reason}", severity="warning"
            )
            return None
        return LookupRequest(entry.token, store.value, entry.product_id, entry.currency)

    def entry_chosen(self, entry: HistoryEntry) -> None:
        """A past call is shown by the history pane itself; here its token is put in the
        lookup fields, ready to look up again, never shown as if it were current."""
        host = self._host
        request = self._request_of(entry)
        if request is None:
            return
        host.lookup_pane.fill(request)
        keymap = host.session.keymap
        where = (
            ""
            if entry.environment == host.session.environment.name
            else f" It was made on {entry.environment}: "
            f"{keymap.shown('history.rerun')} re-runs it there."
        )
        host.notify(
            f"Token in the lookup field: {keymap.shown('lookup')} looks it up here.{where}",
            timeout=5,
        )

    def rerun(self, entry: HistoryEntry) -> None:
        host = self._host
        session = host.session
        request = self._request_of(entry)
        if request is None:
            return
        environment = session.settings.find(entry.environment)
        if environment is None:
            host.notify(
                f"The environment {entry.environment!r} of this entry no longer exists.",
                severity="error",
            )
            return
        if environment != session.environment:
            session.switch_environment(environment)
            if environment != session.environment:
                return  # refused: a consume is in flight
        host.lookup_pane.fill(request)
        host.start_lookup(request)
