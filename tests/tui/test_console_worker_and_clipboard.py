"""Requests run in workers (a loading indicator, Escape cancels a lookup), the raw reply is one
key away, values copy to the clipboard with a toast, and a curl line never holds the key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from console.sandbox.server import SandboxServer
from console.tui.widgets.purchase_detail import FieldTable
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)


async def test_escape_cancels_a_slow_lookup(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        field.insert_text_at_cursor("sbx-fault-slow-2s")
        await pilot.press("enter")
        await wait_until(pilot, lambda: visible(app, "#loading"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: visible(app, "#hint"))
        assert "Lookup cancelled" in shown(app, "#hint")
        await pilot.pause(0.2)
        assert not visible(app, "#detail")


async def test_raw_reply_copy_and_curl(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.press("ctrl+r")
        assert visible(app, "#raw") and not visible(app, "#detail")
        assert '"consumptionState": 0' in str(app.screen.query_one("#raw-json").content.code)  # type: ignore[attr-defined]
        await pilot.press("ctrl+r")
        assert visible(app, "#detail")

        table = app.screen.query_one(FieldTable)
        table.focus()
        # The wire name stands under the label, in the first column.
        row = next(
            i
            for i in range(table.row_count)
            if str(table.get_row_at(i)[0]).split("\n")[-1].strip() == "orderId"
        )
        table.move_cursor(row=row)
        await pilot.press("c")
        assert app.clipboard == "1-2024103006080100000000001"
        assert any(t.startswith("Copied Order id") for t in app.toasts)

        await pilot.press("f3")
        assert "$NOWGG_CONSOLE_API_KEY_QA" in app.clipboard
        assert sandbox.api_key not in app.clipboard
        assert all(sandbox.api_key not in toast for toast in app.toasts)
