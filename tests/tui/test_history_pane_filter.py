"""Filtering the history pane: free text over token, order id, note and environment, plus
operator, action and outcome."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from console.history import Action, HistoryEntry, Outcome
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.tui.widgets.history_pane import HistoryPane
from tests.tui.lists_harness import (
    SIZE,
    Host,
    opened,
    qa_desk,
    qa_workspace,
    reread,
    shown,
    table_rows,
    wait_until,
)


async def test_typing_in_the_filter_narrows_the_list(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"))
            await desk.lookup(PurchaseQuery("sbx-unpaid-0003"), note="ZD-777 refund")
            await desk.lookup(PurchaseQuery("no-such-token-0000"))
            await desk.lookup(PurchaseQuery("sbx-paid-consumed-0002"))
            await reread(pane)
            table = app.query_one("#history-table", DataTable)

            def tokens() -> list[str]:
                return [row[5] for row in table_rows(table)]

            assert len(tokens()) == 4
            table.focus()
            await pilot.press("slash")
            assert app.focused is app.query_one("#history-filter", Input)
            await pilot.press(*"zd-777")  # part of a note, any case
            await wait_until(pilot, lambda: len(tokens()) == 1)
            assert tokens() == ["sbx-unpaid-0003"]

            await _filter(pilot, "SBX-PAID-")  # the start of two tokens, any case
            assert tokens() == ["sbx-paid-c…med-0002", "sbx-paid-u…med-0001"]

            await _filter(pilot, "1-2024102813020900000000003")  # an order id from a ticket
            assert tokens() == ["sbx-unpaid-0003"]

            await _filter(pilot, "production")  # another environment: nothing here
            assert tokens() == []
            assert shown(app.query_one("#history-status", Static)).startswith("0 entries")

            await _filter(pilot, "qa")
            assert len(tokens()) == 4
            app.query_one("#history-outcome", Select).value = Outcome.API
            await wait_until(pilot, lambda: len(tokens()) == 1)
            assert tokens() == ["no-such-token-0000"]
            assert table_rows(table)[0][7] == "API error 3901"

            await _filter(pilot, "")
            assert tokens() == ["no-such-token-0000"]  # the outcome filter still applies
            app.query_one("#history-outcome", Select).clear()
            await wait_until(pilot, lambda: len(tokens()) == 4)


async def _filter(pilot: object, text: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    box = pilot.app.query_one("#history-filter", Input)
    box.focus()
    box.value = text  # as if pasted from a ticket
    await pilot.press("enter")  # Enter filters at once, without waiting for typing to stop
    await pilot.pause()


def _by(operator: str, token: str) -> HistoryEntry:
    return HistoryEntry(
        id=None,
        at=datetime.now(UTC),
        operator=operator,
        environment="qa",
        host="sandbox.local",
        action=Action.VERIFY,
        token=token,
        store="nowgg",
        outcome=Outcome.OK,
    )


async def test_the_operator_filter_is_set_from_an_entry_typed_and_cleared(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            for operator, token in (("alice", "tok-a-1"), ("bob", "tok-b-1"), ("alice", "tok-a-2")):
                await workspace.record_history(_by(operator, token))
            await reread(pane)
            table = app.query_one("#history-table", DataTable)

            def tokens() -> list[str]:
                return [row[5] for row in table_rows(table)]

            assert tokens() == ["tok-a-2", "tok-b-1", "tok-a-1"]
            table.focus()
            table.move_cursor(row=1)  # bob's
            await pilot.press("o")
            await wait_until(pilot, lambda: tokens() == ["tok-b-1"])
            assert app.query_one("#history-operator", Input).value == "bob"
            await pilot.press("o")  # again: every operator's
            await wait_until(pilot, lambda: len(tokens()) == 3)
            assert app.query_one("#history-operator", Input).value == ""

            box = app.query_one("#history-operator", Input)
            box.focus()
            await pilot.press(*"alice")
            await wait_until(pilot, lambda: tokens() == ["tok-a-2", "tok-a-1"])
            await _filter(pilot, "tok-a-1")  # with the text filter too
            assert tokens() == ["tok-a-1"]
