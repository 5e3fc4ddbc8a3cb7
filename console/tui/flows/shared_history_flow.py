"""The shared history's state under the banner (widgets/shared_history_bar.py): asked of the
workspace in a thread once it is open and after each write; while the server is unreachable,
asked again every few seconds, so that the line says when it is back (and the spool empties)
without anyone doing anything."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from console.tui.widgets.shared_history_bar import SharedHistoryBar

    from .host import FlowHost

SHARED_GROUP: Final = "shared history"
"""Reading the state (a newer read replaces an older one, and its polling)."""
RETRY_S: Final = 5.0


class SharedHistoryFlow:
    def __init__(self, host: FlowHost, bar: Callable[[], SharedHistoryBar]) -> None:
        self._host = host
        self._bar = bar
        self.retry_s = RETRY_S
        """How often an unreachable server is asked again."""

    def refresh(self) -> None:
        """Ask again (and, while unreachable, keep asking), in a worker."""
        host = self._host
        if not host.session.is_open:
            return
        host.start_worker(
            self._watch, name="shared history state", group=SHARED_GROUP, exclusive=True
        )

    async def _watch(self) -> None:
        workspace = self._host.session.workspace
        # What was just written counts: the spool's count includes it.
        await workspace.flush_history()
        state = await workspace.shared_history_state()
        while True:
            self._bar().show_state(state)
            if state is None or state.reachable:
                return
            await asyncio.sleep(self.retry_s)
            # Asking is not enough: the store only learns the server is back by trying it,
            # and the spool empties only when someone sends it.
            state = await workspace.reconnect_shared_history()
