"""The field table is written over, not rebuilt, when a lookup's answer has the same rows as
the one on screen: the operator's place in it (the selected field) stays, and what changed
shows — a purchase consumed meanwhile reads "Consumed", in the colour that goes with it. A
purchase with other rows replaces them all."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.server import SandboxServer
from console.tui.widgets.purchase_detail import FieldTable
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

UNCONSUMED = "sbx-paid-unconsumed-0001"
OTHER_SHAPE = "sbx-sample-003-0011"  # fields that disagree: long status text and anomalies


def row_of(table: FieldTable, wire_name: str) -> int:
    for index in range(table.row_count):
        if table.get_row_at(index)[0].plain.endswith(wire_name):
            return index
    raise AssertionError(f"no row for {wire_name}")


def cells(table: FieldTable) -> list[tuple[str, str]]:
    return [(row[0].plain, row[1].plain) for row in map(table.get_row_at, range(table.row_count))]


async def test_a_lookup_again_keeps_the_selected_field_and_shows_what_changed(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, UNCONSUMED)
        table = app.screen.query_one("#fields", FieldTable)
        await wait_until(pilot, lambda: table.size.width > 0)
        consumption = row_of(table, "consumptionState")
        before = table.get_row_at(consumption)[1]
        assert "Not consumed" in before.plain
        table.move_cursor(row=consumption)
        shown = len(cells(table))

        sandbox.state.consume(UNCONSUMED)  # by someone else, meanwhile
        await look_up(pilot, UNCONSUMED)
        await wait_until(
            pilot, lambda: "Not consumed" not in table.get_row_at(consumption)[1].plain
        )
        after = table.get_row_at(consumption)[1]
        assert after.plain.endswith("Consumed")
        assert list(after.spans) != list(before.spans)  # in the colour of a consumed purchase
        assert table.cursor_row == consumption  # still where the operator left it
        assert len(cells(table)) == shown
        consumed = cells(table)

        # Another purchase with other rows: all of them are its own.
        await look_up(pilot, OTHER_SHAPE)
        await wait_until(pilot, lambda: cells(table) != consumed)
        assert len(cells(table)) != len(consumed)
        values = [value for _, value in cells(table)]
        assert OTHER_SHAPE in values and UNCONSUMED not in values
