"""Consuming from the worklist goes through the app (the message), and the row follows."""

from __future__ import annotations

from pathlib import Path

from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.lists_harness import SIZE, Host, qa_desk, qa_workspace, table_rows, wait_until


async def test_consume_posts_the_request_and_update_row_shows_the_proof(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        desk_of = qa_desk(workspace)
        worklist = Worklist(workspace, desk_of)
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            worklist.load_text("sbx-unpaid-0003\nsbx-paid-unconsumed-0001\n")
            await wait_until(pilot, lambda: None not in worklist.outcomes)
            await pilot.press("n", "c")
            request = app.last(Worklist.ConsumeRequested)
            assert isinstance(request, Worklist.ConsumeRequested)
            assert request.outcome.raw_token == "sbx-paid-unconsumed-0001"

            # What the app's consume dialog does once confirmed, then hands the proof back.
            plan = await desk_of().check_consume(PurchaseQuery(request.outcome.raw_token))
            done = await desk_of().consume(plan)
            assert done.proof is not None
            assert worklist.update_row(done.proof)
            await pilot.pause()
            table = app.query_one("#worklist-table", WorklistTable)
            # Consumed outside the console's own path: the row says what it found.
            assert table_rows(table)[1][4:6] == ["Paid", "already consumed"]
            assert table_rows(table)[0][4:6] == ["Unpaid", "Not consumed"]


async def test_reverify_shows_what_changed_since_the_list_was_verified(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        desk_of = qa_desk(workspace)
        worklist = Worklist(workspace, desk_of)
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            worklist.load_text("sbx-paid-unconsumed-0001\n")
            await wait_until(pilot, lambda: None not in worklist.outcomes)
            table = app.query_one("#worklist-table", WorklistTable)
            assert table_rows(table)[0][5] == "Not consumed"
            # Consumed elsewhere (another console, the game server) meanwhile.
            await desk_of().consume(
                await desk_of().check_consume(PurchaseQuery("sbx-paid-unconsumed-0001"))
            )
            await pilot.press("r")
            await wait_until(pilot, lambda: table_rows(table)[0][5] == "already consumed")
            message = app.last(Worklist.Selected)
            assert isinstance(message, Worklist.Selected)
            assert message.outcome.decoded is not None and message.outcome.decoded.is_consumed


async def test_escape_stops_a_list_still_verifying(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace), concurrency=1)
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            worklist.load_text("sbx-paid-unconsumed-0001\nsbx-fault-slow-2s\nsbx-unpaid-0003\n")
            await wait_until(pilot, lambda: worklist.outcomes[0] is not None)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not worklist.verifying)
            rows = table_rows(app.query_one("#worklist-table", WorklistTable))
            assert rows[0][4] == "Paid"
            assert rows[1][4] == rows[2][4] == "stopped"
            assert worklist.outcomes[1:] == (None, None)
