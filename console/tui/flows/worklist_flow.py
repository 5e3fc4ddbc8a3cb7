"""The worklist tab seen from the main screen: opening it (built on first show), a list given
at start (`--tokens FILE`), its current row shown in the purchase pane, its consume sent
through the one dialog every consume shares, and the proof of a consume put back in its row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tab_flow import PURCHASE_TAB, WORKLIST_TAB

if TYPE_CHECKING:
    from console.desk import LookupOutcome
    from console.tui.widgets.worklist import Worklist

    from .host import FlowHost


class WorklistFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    @property
    def worklist(self) -> Worklist | None:
        """The worklist, once its tab was first shown."""
        # Loaded with the tab: once there is content, the module is.
        from console.tui.widgets.worklist import Worklist

        content = self._host.tab_content(WORKLIST_TAB)
        return content if isinstance(content, Worklist) else None

    async def start_with(self, text: str) -> None:
        """`--tokens FILE`: the worklist in front, verifying the file's tokens."""
        await self._host.build_tab(WORKLIST_TAB)
        worklist = self.worklist
        assert worklist is not None, "building the tab makes it"
        worklist.load_text(text)

    async def open(self) -> None:
        """ctrl+t: the worklist, with the table focused when it holds a list."""
        await self._host.build_tab(WORKLIST_TAB)
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
        host = self._host
        if outcome.environment == host.session.environment and not host.consuming:
            host.show_outcome(outcome)

    def consume_row(self, outcome: LookupOutcome) -> None:
        host = self._host
        if outcome.environment != host.session.environment:
            host.notify(
                f"This row was verified on {outcome.environment.name}; switch there (or "
                "verify the list again) to consume it.",
                severity="warning",
            )
            return
        host.show_tab(PURCHASE_TAB)
        host.show_outcome(outcome)
        host.request_consume()
