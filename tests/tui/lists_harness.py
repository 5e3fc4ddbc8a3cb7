"""Shared by the worklist and history pane tests: a workspace whose "qa" environment is the
loopback sandbox (history in a temp folder), a tiny app that hosts one widget and keeps every
message it posts, and what a user would read off a widget."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Static

from console.desk import Desk
from console.desk.workspace import Workspace
from console.sandbox.server import SandboxServer
from console.settings.key_variables import key_variable
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable

SIZE = (120, 40)


def qa_environ(tmp_path: Path, sandbox: SandboxServer) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[environments.qa]\nbase_url = "{sandbox.url}"\nlabel = "QA"\n', encoding="utf-8"
    )
    return {
        "NOWGG_CONSOLE_CONFIG": str(config),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
        key_variable("qa"): sandbox.api_key,
    }


@asynccontextmanager
async def qa_workspace(tmp_path: Path, sandbox: SandboxServer) -> AsyncIterator[Workspace]:
    workspace = Workspace.open(environ=qa_environ(tmp_path, sandbox))
    try:
        yield workspace
    finally:
        await workspace.aclose()


@asynccontextmanager
async def worklist_host(
    tmp_path: Path, sandbox: SandboxServer
) -> AsyncIterator[tuple[Host, Pilot[None], Worklist]]:
    """A worklist alone in the tiny app (at `SIZE`), on the qa workspace: (app, pilot, it)."""
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace))
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            yield app, pilot, worklist


async def verify_list(
    app: Host, pilot: Pilot[None], worklist: Worklist, tokens: Sequence[str]
) -> None:
    """Give the worklist `tokens`, one a line, and wait until every one was verified."""
    worklist.load_text("\n".join(tokens))
    count = app.query_one("#worklist-count", Static)
    await wait_until(pilot, lambda: "done" in shown(count))


def qa_desk(workspace: Workspace) -> Callable[[], Desk]:
    environment = workspace.settings.find("qa")
    assert environment is not None, workspace.notices
    return lambda: workspace.desk(environment)


class Host(App[None]):
    """One widget on a screen; every message the widget posts for the app is kept."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget
        self.received: list[Message] = []
        self.toasts: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def notify(self, message: str, **options: Any) -> None:
        self.toasts.append(message)
        super().notify(message, **options)

    def on_worklist_selected(self, message: Worklist.Selected) -> None:
        self.received.append(message)

    def on_worklist_consume_requested(self, message: Worklist.ConsumeRequested) -> None:
        self.received.append(message)

    def on_history_pane_show_entry(self, message: HistoryPane.ShowEntry) -> None:
        self.received.append(message)

    def on_history_pane_rerun_lookup(self, message: HistoryPane.RerunLookup) -> None:
        self.received.append(message)

    def last(self, kind: type[Message]) -> Message:
        found = [message for message in self.received if isinstance(message, kind)]
        assert found, f"no {kind.__qualname__} was posted: {self.received}"
        return found[-1]


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out waiting for the screen"
        await pilot.pause(0.05)
    await pilot.pause()


async def opened(pilot: Pilot[None], pane: HistoryPane) -> None:
    """Wait until the pane has opened the history (in a thread) and listed it, or said why
    not: what a person sees a moment after the tab shows."""
    await wait_until(pilot, lambda: pane.opened and not pane.is_reading)


async def reread(pane: HistoryPane) -> None:
    """Read the history again, as the pane does (in a thread), and wait for the rows."""
    worker = pane.refresh_entries()
    assert worker is not None, "the pane is not on screen"
    await worker.wait()


def shown(widget: Static) -> str:
    """The text a Static shows, without its styling."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def table_rows(table: DataTable[object] | WorklistTable) -> list[list[str]]:
    """Every row as the plain text of its cells, in screen order."""
    return [
        [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row_at(row)]
        for row in range(table.row_count)
    ]
