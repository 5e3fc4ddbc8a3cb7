"""The history and the worklist tabs are built the first time they show, whichever way they
are opened, and show then what a tab built at start would have shown."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import DataTable, TabbedContent, TextArea

from console.sandbox.server import SandboxServer
from console.tui.flows.tab_flow import HISTORY_TAB, WORKLIST_TAB
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.history_details import THIS_SESSION
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.worklist import Worklist
from tests.tui.console_harness import (
    as_host,
    as_session,
    console_app,
    console_environ,
    look_up,
    wait_until,
)


async def test_a_click_on_the_history_tab_lists_what_was_done_before_it_was_built(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        assert not app.screen.query(HistoryPane) and not app.screen.query(Worklist)
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.click("#--content-tab-history-tab")
        await wait_until(pilot, lambda: bool(app.screen.query(HistoryPane)))
        pane = app.screen.query_one(HistoryPane)
        await wait_until(pilot, lambda: len(pane.entries) == 1)
        assert pane.entries[0].token == "sbx-paid-unconsumed-0001"
        # Made before the pane existed, still this session's: the console's start counts.
        row = app.screen.query_one("#history-table", DataTable).get_row_at(0)
        assert str(row[1]) == THIS_SESSION


async def test_the_keys_open_each_tab_with_its_usual_focus(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await pilot.press("ctrl+t")
        assert app.screen.query_one(TabbedContent).active == "worklist-tab"
        assert app.focused is app.screen.query_one("#worklist-input", TextArea)
        await pilot.press("ctrl+g")
        assert app.screen.query_one(TabbedContent).active == "history-tab"
        history_table: Widget = app.screen.query_one("#history-table", DataTable)
        assert app.focused is history_table
        await pilot.press("ctrl+b")
        assert app.screen.query_one(TabbedContent).active == "purchase-tab"
        await pilot.press("ctrl+t")  # built once: the same worklist again
        assert len(app.screen.query(Worklist)) == 1


async def test_the_screen_serves_the_flows_and_the_app_serves_the_screen(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, _pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        host = as_host(screen)
        assert as_session(app).environment.name == "qa"
        assert host.session is app
        await host.build_tab(WORKLIST_TAB)
        assert isinstance(host.tab_content(WORKLIST_TAB), Worklist)
        assert host.tab_content(HISTORY_TAB) is None  # not shown yet, so not built
