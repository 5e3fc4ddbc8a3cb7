"""Consumes of unknown outcome (a timeout, a killed console): counted under the banner for the
environment on it — from the moment the history is open, again after each consume, resolve and
switch — and resolved from the palette (all) or the history pane (the current row): verified,
recorded on the consume's own row, the proof shown.

The count and the resolve go through the workspace's async API (`count_unknown_consumes`,
`resolve_consumes`): the history is read and written in threads."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Final

from console.tui.in_flight import InFlightRequest, RequestKind

from .workers import LOOKUP_GROUP

if TYPE_CHECKING:
    from .host import FlowHost

COUNT_GROUP: Final = "unknown count"
"""Reading the count (a newer read replaces an older one)."""


class UnknownFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    def refresh_count(self) -> None:
        """Count again for the environment on the banner, in a worker."""
        host = self._host
        if not host.session.is_open:
            return
        host.start_worker(
            self._count, name="count unknown consumes", group=COUNT_GROUP, exclusive=True
        )

    async def _count(self) -> None:
        from console.history import HistoryUnavailable

        host = self._host
        environment = host.session.environment
        workspace = host.session.workspace
        try:
            # What the desk just wrote (a consume's outcome, a resolve) counts too.
            await workspace.flush_history()
            count = await workspace.count_unknown_consumes(environment.name)
        except HistoryUnavailable:
            return  # the history's own problem is said where it is opened
        if environment == host.session.environment:
            host.unknown_bar.show_count(count, environment.name)

    def resolve(
        self, entry_ids: Sequence[int] | None, *, now: bool = False, where: str | None = None
    ) -> None:
        """Verify and record each of `entry_ids` (None: every consume of unknown outcome);
        `now`: also those whose request's deadline has not passed (never one a live console
        holds). `where`: the host they were sent to, when known (one entry's)."""
        host = self._host
        if host.busy(LOOKUP_GROUP):
            host.notify("A lookup is under way: resolve once it is done.", severity="warning")
            return
        ids = None if entry_ids is None else tuple(entry_ids)
        host.start_worker(
            partial(self._resolve, ids, now, where),
            name="resolve",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _resolve(
        self, entry_ids: tuple[int, ...] | None, now: bool, where: str | None
    ) -> None:
        from console.history import HistoryUnavailable
        from console.tui.dialogs.resolve_report import ResolveReportDialog

        host = self._host
        while True:
            what = (
                "every consume of unknown outcome"
                if entry_ids is None
                else (
                    f"entry {entry_ids[0]}" if len(entry_ids) == 1 else f"{len(entry_ids)} entries"
                )
            )
            resolving = InFlightRequest(RequestKind.RESOLVE, where or "each one's host", what)
            try:
                with host.in_flight(resolving):
                    report = await host.session.workspace.resolve_consumes(entry_ids, now=now)
            except HistoryUnavailable as error:
                host.notify(
                    f"Cannot resolve: {error.reason}",
                    title="History",
                    severity="error",
                    markup=False,
                )
                return
            finally:
                self.refresh_count()
                host.refresh_history()
            if not await host.ask(ResolveReportDialog(report)) or not report.too_recent:
                return
            # "Resolve now": those left for their deadline, at once.
            entry_ids = tuple(w.entry.id for w in report.too_recent if w.entry.id is not None)
            now = True
