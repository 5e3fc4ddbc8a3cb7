"""The worklist and the history pane composed into the console: --tokens opens the worklist,
its consume goes through the one dialog, and a history entry re-runs its lookup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.start import StartRequest
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)


async def test_tokens_open_the_worklist_and_consume_uses_the_dialog(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text="sbx-paid-unconsumed-0001\nsbx-unpaid-0003")
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "worklist-tab"
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        app.screen.query_one("#worklist-table", WorklistTable).focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        assert "sbx-pa…0001" in shown(app, "#summary")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmConsume))
        assert any("nothing was consumed" in toast for toast in app.toasts)
        assert sandbox.state.get("sbx-paid-unconsumed-0001").data["consumptionState"] == 0  # type: ignore[union-attr]


async def test_a_history_entry_reruns_its_lookup(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-failed-0004")
        await pilot.press("ctrl+g")
        pane = app.screen.query_one(HistoryPane)
        await wait_until(pilot, lambda: len(pane.entries) == 1)
        await pilot.press("r")
        await wait_until(pilot, lambda: visible(app, "#detail"))
        assert "FAILED" in shown(app, "#headline")
        await wait_until(
            pilot, lambda: app.screen.query_one(TabbedContent).active == "purchase-tab"
        )
