"""Summary, filter, selection and the bulk consume of the worklist, in the whole console,
against the loopback sandbox, keys only."""

from __future__ import annotations

import json
import stat
from functools import partial
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input

from console.desk.worklist import WorklistItem
from console.desk.worklist_consume import BulkPlan
from console.desk.worklist_verdicts import ActKind
from console.history import Action, HistoryFilter
from console.outcome_category import OutcomeCategory
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.tui.dialogs.confirm_bulk_consume import (
    SKIPPED_LISTED,
    ConfirmBulkConsume,
    bulk_summary,
)
from console.tui.dialogs.worklist_export_dialog import WorklistExportDialog
from console.tui.outside_text import SafeText
from console.tui.start import StartRequest
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.console_harness import (
    as_session,
    console_app,
    console_environ,
    environment_table,
    shown,
    wait_until,
)
from tests.tui.lists_harness import table_rows

MIXED = "\n".join(
    [
        "sbx-paid-unconsumed-0001",
        "sbx-paid-consumed-0002",
        "sbx-unpaid-0003",
        "sbx-failed-0004",
        "sbx-test-order-0005",
        "sbx-amazon-0008,amazon,com.example.coins.1000,USD",
        "no-such-token-0000",
    ]
)


def _state(sandbox: SandboxServer, token: str) -> int:
    order = sandbox.state.get(token)
    assert order is not None
    value = order.data["consumptionState"]
    assert isinstance(value, int)
    return value


def _written_after(worklist: Worklist, before: Path | None) -> bool:
    return worklist.last_export not in (None, before)


def _focused(app: App[None]) -> Widget | None:
    """What has focus now (a function, so each look is a fresh one for the type checker)."""
    return app.focused


async def _loaded(pilot: Pilot[None]) -> Worklist:
    worklist = pilot.app.screen.query_one(Worklist)
    await wait_until(pilot, lambda: all(worklist.outcomes))
    await pilot.pause(0.3)  # the summary follows within a moment
    return worklist


async def test_the_summary_counts_rows_by_verdict(tmp_path: Path, sandbox: SandboxServer) -> None:
    start = StartRequest(worklist_text=MIXED)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        await _loaded(pilot)
        summary = shown(app, "#worklist-summary")
        assert summary.startswith("7 rows: ")
        for words in (
            "2 paid & not consumed",  # 0001 and the test order
            "1 consumed",
            "1 unpaid",
            "1 failed",
            "1 consumed on the client",  # Amazon: the game client consumes it
            "1 errors",
            "1 test order",
        ):
            assert words in summary, (words, summary)


async def test_filtering_by_verdict_store_test_and_text_then_escape(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=MIXED)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        await pilot.press("slash")
        field = app.screen.query_one("#worklist-filter", Input)
        assert _focused(app) is field  # the user asked for the field
        await pilot.press(*"paid", "enter")
        assert _focused(app) is table
        assert [row[2] for row in table_rows(table)] == [
            "sbx-paid-u…med-0001",
            "sbx-test-order-0005",
        ]
        assert "showing 2" in shown(app, "#worklist-summary")
        # n steps within what the filter shows.
        await pilot.press("n")
        assert worklist.current_index == 4

        for line, expected in (
            ("store:amazon", [5]),
            ("paid test", [4]),
            ("error:3901", [6]),
            ("unpaid", [2]),
            ("consumed-0002", [1]),
        ):
            field.value = line
            await pilot.pause()
            assert list(worklist.shown_rows) == expected, line

        field.value = "store:steam"
        await pilot.pause()
        assert "no store filter" in shown(app, "#worklist-filter-problem")

        await pilot.press("slash")
        await pilot.press("escape")  # leaves the field, the filter stays
        assert _focused(app) is table
        await pilot.press("escape")  # clears it
        assert len(worklist.shown_rows) == 7 and _focused(app) is table


async def test_bulk_consume_skips_the_refused_rows_and_reports_the_failing_one(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # A short timeout: the row whose consume never applies fails fast.
    config = environment_table("qa", sandbox.url, label="QA", timeout=1)
    environ = console_environ(tmp_path, sandbox, config=config)
    tokens = "\n".join(
        [
            "sbx-paid-unconsumed-0001",
            "sbx-unpaid-0003",  # refused at once: unpaid
            "sbx-fault-consume-never-applied",  # sent, times out, found not consumed
            "sbx-test-order-0005",  # consumed elsewhere after the confirmation lists it
        ]
    )
    start = StartRequest(worklist_text=tokens)
    async with console_app(environ, start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        await pilot.press("a")  # every row shown
        assert worklist.selected == {0, 1, 2, 3}
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmBulkConsume))
        summary = shown(app, "#summary")
        assert summary.startswith("Consume 3 purchases?")
        assert "qa" in summary and "Skipped (1):" in summary
        assert "sbx-unpaid-0003" in summary and "unpaid" in summary
        assert app.focused is app.screen.query_one("#cancel", Button)
        # Meanwhile another console consumes one of them.
        sandbox.state.consume("sbx-test-order-0005")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: worklist.bulk is not None and not worklist.bulk_running)

        progress = worklist.bulk
        assert progress is not None
        assert (progress.done, progress.skipped, progress.failed, progress.unknown) == (1, 1, 1, 0)
        acts = worklist.acts
        assert acts[0] is not None and acts[0].kind is ActKind.CONSUMED
        assert acts[1] is None  # never sent, listed as skipped in the confirmation
        assert acts[2] is not None and acts[2].kind is ActKind.FAILED
        assert acts[3] is not None and acts[3].kind is ActKind.SKIPPED
        assert acts[3].words() == "skipped: already consumed"
        assert "consumed 1 · skipped 1 · failed 1 · unknown 0 of 3" in shown(
            app, "#worklist-summary"
        )
        assert _state(sandbox, "sbx-paid-unconsumed-0001") == 1
        assert _state(sandbox, "sbx-fault-consume-never-applied") == 0

        # Each consume sent has its own write-ahead entry in the history.
        workspace = as_session(app).workspace
        await workspace.flush_history()
        entries = await workspace.search_history(HistoryFilter(action=Action.CONSUME))
        sent = {entry.token for entry in entries if entry.outcome is not OutcomeCategory.REFUSED}
        assert {"sbx-paid-unconsumed-0001", "sbx-fault-consume-never-applied"} <= sent
        # Every attempt is on record: the row the worklist skipped (unpaid) and the row the
        # desk refused after the confirmation (consumed meanwhile), each once, as refused.
        refused = [entry for entry in entries if entry.outcome is OutcomeCategory.REFUSED]
        assert sorted(entry.token for entry in refused) == [
            "sbx-test-order-0005",
            "sbx-unpaid-0003",
        ]
        assert "sbx-unpaid-0003" not in sent


async def test_stopping_a_bulk_consume_stops_before_the_next_row_never_during_one(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    tokens = "\n".join(["sbx-paid-unconsumed-0001", "sbx-fault-slow-2s", "sbx-test-order-0005"])
    start = StartRequest(worklist_text=tokens)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        await pilot.press("space", "space", "space")
        assert worklist.selected == {0, 1, 2}
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmBulkConsume))
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: worklist.acts[0] is not None)
        await pilot.press("escape")  # the slow row is being checked or consumed
        assert worklist.stop_requested
        await wait_until(pilot, lambda: not worklist.bulk_running, timeout=15)
        progress = worklist.bulk
        assert progress is not None and progress.stopped
        acts = worklist.acts
        assert acts[2] is not None and acts[2].words() == "skipped: stopped before its turn"
        assert _state(sandbox, "sbx-test-order-0005") == 0
        # The slow row was either cut before its consume or consumed whole: never halfway.
        slow = acts[1]
        assert slow is not None
        consumed = _state(sandbox, "sbx-fault-slow-2s") == 1
        assert (slow.kind is ActKind.CONSUMED) == consumed
        assert "stopped" in shown(app, "#worklist-summary")
        # The row the stop kept from being sent is on record as cancelled, nothing sent.
        workspace = as_session(app).workspace
        await workspace.flush_history()
        entries = await workspace.search_history(HistoryFilter(action=Action.CONSUME))
        last = [entry for entry in entries if entry.token == "sbx-test-order-0005"]
        assert [entry.outcome for entry in last] == [OutcomeCategory.CANCELLED]


async def test_production_asks_for_the_number_of_purchases(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("live", sandbox.url, label="Live", production=True)
    environ = console_environ(tmp_path, sandbox, config=config, keys={"live": sandbox.api_key})
    start = StartRequest(worklist_text="sbx-paid-unconsumed-0001\nsbx-test-order-0005")
    async with console_app(environ, "live", start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        await pilot.press("a", "C")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmBulkConsume))
        confirm = app.screen.query_one("#confirm", Button)
        assert confirm.disabled and "PRODUCTION" in shown(app, "#summary")
        app.screen.query_one("#typed", Input).focus()
        await pilot.press("1")
        assert confirm.disabled  # one is not the number
        await pilot.press("backspace", "2")
        assert not confirm.disabled
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmBulkConsume))
        assert worklist.bulk is None
        assert _state(sandbox, "sbx-paid-unconsumed-0001") == 0


async def test_export_of_the_selection_reads_back_as_csv_json_and_markdown(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=MIXED)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        await pilot.press("space", "space")  # rows 1 and 2
        written: list[Path] = []
        for key in ("v", "j", "m"):
            before = worklist.last_export
            await pilot.press("x")
            await wait_until(pilot, lambda: isinstance(app.screen, WorklistExportDialog))
            assert "2 rows (selected)" in shown(app, "#export-what")
            await pilot.press(key)
            await wait_until(pilot, partial(_written_after, worklist, before))
            assert worklist.last_export is not None
            written.append(worklist.last_export)
        csv_file, json_file, md_file = written
        for path in written:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        lines = csv_file.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("line,token,store,verdict,consumed,amount,orderId")
        assert lines[1].startswith("1,sbx-paid-unconsumed-0001,nowgg,paid & not consumed,")
        assert lines[2].startswith("2,sbx-paid-consumed-0002,nowgg,consumed,already consumed")
        rows = json.loads(json_file.read_text(encoding="utf-8"))["rows"]
        assert [row["verdictCode"] for row in rows] == ["paid", "consumed"]
        assert rows[0]["amount"] == "0.99 USD" and rows[0]["orderId"]
        markdown = md_file.read_text(encoding="utf-8")
        assert "| 1 | `sbx-paid-unconsumed-0001` | nowgg | paid & not consumed |" in markdown
        assert app.clipboard == markdown


async def test_a_filter_keeps_the_cursor_on_its_row_and_the_selection(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=MIXED)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = await _loaded(pilot)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        assert [row[1] for row in table_rows(table)] == [str(n) for n in range(1, 8)]
        await pilot.press("space")  # row 1 selected, the cursor on row 2
        await pilot.press("n", "n", "space", "p")  # row 4 selected, back on row 4
        await pilot.press("n")  # row 5, the test order
        assert worklist.selected == {0, 3}
        field = app.screen.query_one("#worklist-filter", Input)
        await pilot.press("slash")
        field.value = "paid"
        await wait_until(pilot, lambda: table.row_count == 2)
        assert [row[1] for row in table_rows(table)] == ["1", "5"]
        assert worklist.current_index == 4  # the cursor stayed on its row
        assert "sbx-test-order-0005" in _cursor_line(table)
        # The hidden selected row stays selected; the shown one keeps its mark.
        assert worklist.selected == {0, 3}
        assert table_rows(table)[0][0] == "●"
        field.value = ""
        await wait_until(pilot, lambda: table.row_count == 7)
        assert worklist.current_index == 4
        assert worklist.selected == {0, 3}
        assert [row[0] for row in table_rows(table)] == ["●", "", "", "●", "", "", ""]


def _cursor_line(table: WorklistTable) -> str:
    """The line the cursor is on, as drawn (the header is line 0)."""
    return table.render_line(table.cursor_row + 1 - round(table.scroll_offset.y)).text


def test_the_confirmation_of_thousands_of_skipped_rows_lists_some_and_counts_the_rest() -> None:
    items = [WorklistItem(n + 1, f"tok-{n:05d}") for n in range(3_001)]
    skipped = tuple((n, "unpaid" if n % 3 else "already consumed") for n in range(1, len(items)))
    environment = Environment("qa", "http://127.0.0.1:9/", "QA", "green")
    plan = BulkPlan(environment, (0,), skipped)
    text = bulk_summary(plan, items, "127.0.0.1:9", SafeText()).plain
    assert text.startswith("Consume 1 purchase?")
    assert "Skipped (3000):" in text
    listed = [line for line in text.splitlines() if line.startswith("  line ")]
    assert len(listed) == SKIPPED_LISTED
    assert listed[0] == "  line 2  tok-00001  — unpaid"
    assert "and 2950 more: 1966 unpaid, 984 already consumed;" in text
    assert "each goes on record with its reason once you confirm" in text
