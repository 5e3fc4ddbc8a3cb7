"""The history pane lists what the desk recorded, newest first, this session's marked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Static

from console.desk.workspace import Workspace
from console.history import Action, HistoryEntry, Outcome
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.tui.widgets.history_pane import HistoryPane
from tests.tui.lists_harness import (
    SIZE,
    Host,
    opened,
    qa_desk,
    qa_environ,
    qa_workspace,
    reread,
    shown,
    table_rows,
)

EARLIER = HistoryEntry(
    id=None,
    at=datetime(2024, 10, 30, 6, 8, 1, tzinfo=UTC),
    operator="someone-else",
    environment="production",
    host="payments-api.now.gg",
    action=Action.VERIFY,
    token="-nowgg-earlier-ticket-token-0099",
    store="nowgg",
    outcome=Outcome.OK,
    code=0,
    note="ZD-1000",
)


async def test_lookups_made_through_the_desk_are_listed_newest_first(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        assert workspace.history is not None
        workspace.history.record(EARLIER)  # from an earlier day: the persisted history
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            for token in ("sbx-paid-unconsumed-0001", "sbx-unpaid-0003", "no-such-token-0000"):
                await desk.lookup(PurchaseQuery(token))
            await reread(pane)
            await pilot.pause()

            rows = table_rows(app.query_one("#history-table", DataTable))
            assert [row[5] for row in rows] == [
                "no-such-token-0000",
                "sbx-unpaid-0003",
                "sbx-paid-u…med-0001",
                "-nowgg-ear…ken-0099",
            ]
            assert [row[1] for row in rows] == ["●", "●", "●", ""]
            assert [row[3] for row in rows] == ["qa", "qa", "qa", "production"]
            assert rows[0][7] == "API error 3901"
            assert rows[1][7] == rows[2][7] == "OK"
            assert rows[3][8] == "ZD-1000"
            status = shown(app.query_one("#history-status", Static))
            assert status.startswith("4 entries, newest first · 3 this session")


async def test_the_current_entry_shows_its_details_and_enter_posts_show_entry(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            await desk.lookup(PurchaseQuery("sbx-unpaid-0003"))
            await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"), note="ZD-4242")
            await reread(pane)
            await pilot.pause()
            app.query_one("#history-table", DataTable).focus()
            await pilot.press("down")

            details = shown(app.query_one("#history-detail", Static))
            assert "(this session)" in details
            assert " UTC · " in details and "(local)" in details
            assert "Environment qa" in details
            assert f"Host        {desk.host}" in details
            assert "Action      verify" in details
            assert "Outcome     OK" in details
            assert "Reason      Unpaid · Not consumed · 0.99 USD" in details
            assert "Token       sbx-unpaid-0003" in details
            assert '"orderId": "1-2024102813020900000000003"' in details
            assert sandbox.api_key not in details

            await pilot.press("enter")
            message = app.last(HistoryPane.ShowEntry)
            assert isinstance(message, HistoryPane.ShowEntry)
            assert message.entry.token == "sbx-unpaid-0003"
            assert message.entry.order_id == "1-2024102813020900000000003"


async def test_rerun_posts_the_entry_for_the_app_to_look_up_again(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            await desk.lookup(
                desk.read_query(
                    "sbx-xiaomi-0006",
                    store="xiaomi",
                    product_id="com.example.gems.500",
                    currency="INR",
                )
            )
            await reread(pane)
            app.query_one("#history-table", DataTable).focus()
            await pilot.press("r")
            message = app.last(HistoryPane.RerunLookup)
            assert isinstance(message, HistoryPane.RerunLookup)
            entry = message.entry
            assert (entry.token, entry.store, entry.product_id, entry.currency) == (
                "sbx-xiaomi-0006",
                "xiaomi",
                "com.example.gems.500",
                "INR",
            )
            # What the app does with it: the same lookup through the desk, then a refresh.
            await desk.lookup(
                desk.read_query(
                    entry.token,
                    store=entry.store,
                    product_id=entry.product_id,
                    currency=entry.currency,
                )
            )
            await reread(pane)
            await pilot.pause()
            rows = table_rows(app.query_one("#history-table", DataTable))
            assert [row[5] for row in rows] == ["sbx-xiaomi-0006", "sbx-xiaomi-0006"]


async def test_without_a_history_the_pane_says_why(tmp_path: Path, sandbox: SandboxServer) -> None:
    environ = qa_environ(tmp_path, sandbox)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the data directory should be", encoding="utf-8")
    environ["NOWGG_CONSOLE_DATA"] = str(blocked)
    workspace = Workspace.open(environ=environ)
    try:
        assert workspace.history is None
        app = Host(HistoryPane(workspace))
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, app.query_one(HistoryPane))
            notice = shown(app.query_one("#history-off", Static))
            assert notice.startswith("No history to show: the history is off for this run: ")
            assert not app.query("#history-table")
            await pilot.press("x", "t", "r")
            assert app.received == [] and app.toasts == []
    finally:
        await workspace.aclose()


def test_an_entry_counts_as_this_sessions_only_if_it_is_this_operators_since_the_start(
    tmp_path: Path,
) -> None:
    started = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    workspace = Workspace.open(
        environ={
            "NOWGG_CONSOLE_DATA": str(tmp_path),
            "NOWGG_CONSOLE_CONFIG": str(tmp_path / "none.toml"),
        }
    )
    pane = HistoryPane(workspace, session_started=started)
    mine = replace(EARLIER, operator=pane.operator, at=started)
    assert pane.is_this_session(mine)
    assert not pane.is_this_session(replace(mine, operator="someone-else"))
    assert not pane.is_this_session(replace(mine, at=datetime(2025, 1, 1, 11, 59, tzinfo=UTC)))
    assert workspace.history is not None
    workspace.history.close()


async def test_the_persisted_history_is_listed_on_opening(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        assert workspace.history is not None
        workspace.history.record(EARLIER)
        pane = HistoryPane(workspace)
        pane.refresh_entries()  # before it is on screen: harmless
        app = Host(pane)
        async with app.run_test(size=SIZE):
            rows = table_rows(app.query_one("#history-table", DataTable))
            assert [(row[3], row[5], row[8]) for row in rows] == [
                ("production", "-nowgg-ear…ken-0099", "ZD-1000")
            ]
            status = shown(app.query_one("#history-status", Static))
            assert status.startswith("1 entry, newest first · 0 this session")
