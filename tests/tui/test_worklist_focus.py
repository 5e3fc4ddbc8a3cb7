"""The worklist's focus model in the whole console, as QA drives it with the keyboard only:
opened with `--tokens`, the table has focus; n, c, confirm, n, c, r never type into a field,
and every consume comes back to the same row of the table."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent, TextArea

from console.desk.worklist import parse_worklist
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.dialogs.help_screen import HelpScreen
from console.tui.dialogs.worklist_detail_screen import WorklistDetailScreen
from console.tui.launch import start_request
from console.tui.start import StartRequest
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    help_rows,
    wait_until,
)
from tests.tui.hostile_harness import palette_entries
from tests.tui.lists_harness import table_rows

TOKENS = "\n".join(
    [
        "sbx-unpaid-0003",
        "sbx-paid-unconsumed-0001",
        "sbx-paid-consumed-0002",
        "sbx-test-order-0005",
        "sbx-failed-0004",
    ]
)


def _drawn(table: WorklistTable, row: int) -> str:
    """A row of the table as it is drawn on screen (not its data): what a user reads."""
    return table.render_line(row + 1).text  # the header is line 0


def _no_text_field_focused(app: App[None]) -> None:
    focused = app.focused
    assert not isinstance(focused, Input | TextArea), f"focus went to {focused!r}"


async def _confirm(pilot: Pilot[None]) -> None:
    """Tab from Cancel (where the dialog opens) to Consume, and Enter: keys only."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
    await pilot.press("tab", "enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmConsume))


async def test_n_c_confirm_n_c_r_stays_on_the_table_and_never_types_into_a_field(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        assert app.screen.query_one(TabbedContent).active == "worklist-tab"
        assert app.focused is table
        token_field = app.screen.query_one("#token", Input)

        await pilot.press("n")  # row 2: paid, not consumed
        assert worklist.current_index == 1
        await pilot.press("c")
        await _confirm(pilot)
        await wait_until(pilot, lambda: worklist.acts[1] is not None)
        assert app.focused is table and worklist.current_index == 1
        assert app.screen.query_one(TabbedContent).active == "worklist-tab"
        assert table_rows(table)[1][5].startswith("consumed here at ")
        await wait_until(pilot, lambda: "consumed here at " in _drawn(table, 1))
        assert sandbox.state.get("sbx-paid-unconsumed-0001").data["consumptionState"] == 1  # type: ignore[union-attr]

        await pilot.press("n", "n")  # row 4: the test order, paid and not consumed
        assert worklist.current_index == 3
        await pilot.press("c")
        await _confirm(pilot)
        await wait_until(pilot, lambda: worklist.acts[3] is not None)
        assert app.focused is table and worklist.current_index == 3
        # Consumed here, told apart from the row that was consumed before the session.
        assert table_rows(table)[3][5].startswith("consumed here at ")
        assert table_rows(table)[2][5] == "already consumed"
        await wait_until(pilot, lambda: "consumed here at " in _drawn(table, 3))
        assert "already consumed" in _drawn(table, 2)

        await pilot.press("r")
        await wait_until(pilot, lambda: table_rows(table)[3][4] == "Paid")
        _no_text_field_focused(app)
        assert token_field.value == ""
        # The list itself is untouched by every key: opened to edit (`i`), it is as given.
        await pilot.press("i")
        area = app.screen.query_one("#worklist-input", TextArea)
        assert area.has_focus and area.text == TOKENS


async def test_consuming_an_unpaid_row_is_refused_and_the_row_says_why(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.press("c")  # row 1 is unpaid: refused before any dialog
        await wait_until(pilot, lambda: worklist.acts[0] is not None)
        assert not isinstance(app.screen, ConfirmConsume)
        assert table_rows(table)[0][5] == "skipped: unpaid"
        assert app.focused is table


async def test_escape_with_nothing_to_stop_keeps_the_table_focused(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.press("escape", "n")
        assert app.focused is table and worklist.current_index == 1


async def test_the_detail_follows_the_cursor_beside_the_table_at_120_columns(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        assert worklist.detail_beside
        text = app.screen.query_one("#worklist-detail")

        def detail() -> str:
            return str(text.render())

        await wait_until(pilot, lambda: "sbx-unpaid-0003" in detail())
        assert "Verdict  unpaid" in detail() and "Last verified" in detail()
        await pilot.press("n")
        assert "sbx-paid-unconsumed-0001" in detail()
        assert "paid & not consumed" in detail()


async def test_below_120_columns_enter_opens_the_detail_and_escape_returns_to_the_row(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        table = app.screen.query_one("#worklist-table", WorklistTable)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: not worklist.detail_beside)
        await pilot.press("n", "n", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorklistDetailScreen))
        shown = str(app.screen.query_one("#worklist-detail-full-text").render())
        assert "sbx-paid-consumed-0002" in shown and "already consumed" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, WorklistDetailScreen))
        assert app.focused is table and worklist.current_index == 2


async def test_the_new_keys_are_in_f1_the_palette_and_remappable(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("qa", sandbox.url) + '[keybindings]\n"worklist.select" = "s"\n'
    environ = console_environ(tmp_path, sandbox, config=config)
    start = StartRequest(worklist_text=TOKENS)
    async with console_app(environ, start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.press("s")  # remapped from space
        assert worklist.selected == {0}
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "Worklist: Select all shown"
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        assert any("[a]" in entry for entry in palette_entries(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(worklist.selected) == 5)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        for binding_id, key in (
            ("worklist.select", "s"),
            ("worklist.consume_selected", "C"),
            ("worklist.filter", "/"),
            ("worklist.export", "x"),
            ("worklist.detail", "enter"),
            ("export.csv", "v"),
            ("worklist_detail.close", "escape"),
        ):
            assert binding_id in rows, binding_id
            assert rows[binding_id][0].startswith(key), (binding_id, rows[binding_id])


def test_a_tokens_file_keeps_its_line_numbers_in_the_worklist(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("# session 12\nsbx-unpaid-0003\nnot a token\n\nsbx-failed-0004\n")
    start = start_request(None, str(tokens))
    assert start.worklist_text is not None
    assert [item.line for item in parse_worklist(start.worklist_text).items] == [2, 5]
    assert start.worklist_notes[0].startswith("line 3:")
