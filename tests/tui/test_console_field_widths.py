"""The field table fits its pane: long values wrap to the value column's width, which follows
the terminal's size (and the compact layout's at 80 columns), and a lookup made after a resize
lays the table out at the new width."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.server import SandboxServer
from console.tui.widgets.purchase_detail import FieldTable
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

TOKEN = "sbx-sample-003-0011"  # fields that disagree: long status text and anomalies


def value_width(table: FieldTable) -> int:
    columns = list(table.columns.values())
    return columns[1].width


def widest_line(table: FieldTable) -> int:
    """The longest line of any value shown (a value wraps onto more lines, never cut)."""
    widest = 0
    for index in range(table.row_count):
        value = table.get_row_at(index)[1]
        widest = max([widest, *(len(line) for line in value.plain.splitlines())])
    return widest


async def test_values_wrap_to_the_width_the_terminal_gives(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        table = app.screen.query_one("#fields", FieldTable)
        await wait_until(pilot, lambda: table.size.width > 0)
        wide = value_width(table)
        assert widest_line(table) <= wide

        # 100 columns, not 80: at 80 the consume form folds below the detail (the compact
        # layout), which gives the table the whole width — more than at 120.
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: value_width(table) < wide)
        narrow = value_width(table)
        assert widest_line(table) <= narrow

        # Looked up again at this size: the loading indicator hides the table meanwhile, and
        # the answer comes back at the narrow width, not the one the table had before.
        await look_up(pilot, TOKEN)
        await wait_until(pilot, lambda: table.size.width > 0)
        assert value_width(table) == narrow
        assert widest_line(table) <= narrow

        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: value_width(table) == wide)
        assert widest_line(table) <= wide

        # Compact at 80x24: the table takes the width the form gave up, and still fits it.
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: value_width(table) > narrow)
        assert widest_line(table) <= value_width(table) <= table.size.width
