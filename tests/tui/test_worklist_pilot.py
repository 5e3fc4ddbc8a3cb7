"""The worklist, hosted alone in a tiny app, against the loopback sandbox: what QA sees."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Static, TextArea

from console.sandbox.server import SandboxServer
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.lists_harness import (
    SIZE,
    Host,
    qa_desk,
    qa_workspace,
    shown,
    table_rows,
    wait_until,
    worklist_host,
)

SEEDED = [
    "sbx-paid-unconsumed-0001",
    "sbx-paid-consumed-0002",
    "sbx-unpaid-0003",
    "sbx-failed-0004",
    "sbx-test-order-0005",
    "sbx-xiaomi-0006,xiaomi,com.example.gems.500,INR",
    "sbx-onestore-0007 onestore gems_1200 KRW",
    "sbx-amazon-0008,amazon,com.example.coins.1000,USD",
    "sbx-china-cny-0010",
    "sbx-minimal-002-0012",
]
PASTE = "\n".join(
    [
        "# QA session: ten seeded orders, a bad line, a fault",
        *SEEDED,
        "sbx-bad token here",
        "sbx-fault-http-500",
        "no-such-token-0000",
    ]
)


async def test_a_pasted_list_fills_the_table_with_states_errors_and_the_bad_line(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        area = app.query_one("#worklist-input", TextArea)
        area.focus()
        area.post_message(events.Paste(PASTE))
        await pilot.pause()
        await pilot.click("#worklist-verify")
        count = app.query_one("#worklist-count", Static)
        await wait_until(pilot, lambda: "done" in shown(count))

        rows = table_rows(app.query_one("#worklist-table", WorklistTable))
        assert [row[1] for row in rows] == [str(n) for n in range(1, 13)]
        # Long tokens are masked in the middle; short ones shown whole.
        assert rows[0][2] == "sbx-paid-u…med-0001"
        assert rows[2][2] == "sbx-unpaid-0003"
        assert rows[5][3] == "xiaomi" and rows[0][3] == "nowgg"
        states = [row[4:] for row in rows]
        assert states[0] == ["Paid", "Not consumed", "", "0.99 USD", ""]
        assert states[1][:2] == ["Paid", "already consumed"]
        assert states[2][:2] == ["Unpaid", "Not consumed"]
        # Its payStatusTxt disagrees with purchaseState: flagged, explained in the detail.
        assert states[3][0] == "Failed ⚠"
        assert states[4][:3] == ["Paid", "Not consumed", "TEST"]
        assert states[5][3] == "399.00 INR"
        assert states[6][0] == states[7][0] == states[8][0] == states[9][0] == "Paid"
        # Amazon purchases are consumed by the game client: not a stuck purchase.
        assert states[7][1] == "on the client"
        assert states[10] == ["Error", "—", "—", "—", "HTTP 500 server error"]
        assert states[11] == ["Error", "—", "—", "—", "3901 · INVALID_PURCHASE_TOKEN"]

        notices = shown(app.query_one("#worklist-notices-text", Static))
        assert "line 12:" in notices and "unknown store 'token'" in notices
        assert app.query_one("#worklist-notices").display

        assert shown(count) == "12/12 done · qa"
        # Done: no bar left that could look like work.
        assert shown(app.query_one("#worklist-progress", Static)) == ""
        assert not worklist.verifying


async def test_n_p_j_k_and_the_arrows_step_and_the_purchase_pane_follows_once_resting(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        worklist.load_text("\n".join(SEEDED[:4]))
        await wait_until(pilot, lambda: None not in worklist.outcomes)

        def selected() -> str:
            message = app.last(Worklist.Selected)
            assert isinstance(message, Worklist.Selected)
            return message.outcome.raw_token

        async def rests_on(token: str) -> None:
            await wait_until(pilot, lambda: bool(app.received) and selected() == token)

        # The first row is current from the start: its result is shown when it arrives.
        await rests_on("sbx-paid-unconsumed-0001")
        await pilot.press("n")
        await rests_on("sbx-paid-consumed-0002")
        await pilot.press("j", "n")
        await rests_on("sbx-failed-0004")
        await pilot.press("p")
        await rests_on("sbx-unpaid-0003")
        await pilot.press("k")
        await rests_on("sbx-paid-consumed-0002")
        await pilot.press("down")
        await rests_on("sbx-unpaid-0003")
        message = app.last(Worklist.Selected)
        assert isinstance(message, Worklist.Selected)
        decoded = message.outcome.decoded
        assert decoded is not None and decoded.is_unpaid
        await pilot.press("n", "n")  # past the last row: a bell, the cursor stays
        await rests_on("sbx-failed-0004")
        assert worklist.current_index == 3


async def test_a_tokens_file_given_at_start_is_verified_once_on_screen(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace))
        worklist.load_text("sbx-unpaid-0003\nsbx-test-order-0005\n")  # as `--tokens FILE` does
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            count = app.query_one("#worklist-count", Static)
            await wait_until(pilot, lambda: shown(count) == "2/2 done · qa")
            rows = table_rows(app.query_one("#worklist-table", WorklistTable))
            assert [row[4] for row in rows] == ["Unpaid", "Paid"]
            assert not app.query_one("#worklist-notices").display
            # The list is there to edit (`i`), as given.
            worklist.action_edit_list()
            area = app.query_one("#worklist-input", TextArea)
            assert area.text == "sbx-unpaid-0003\nsbx-test-order-0005\n"
