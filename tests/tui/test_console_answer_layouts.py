"""What an answer changes is laid out once; what it says again is not laid out at all, and
the parts that wrap to their room (the anomalies, the field table) wrap to the room they end
up with — also when only a scrollbar beside them came, which resizes no pane.

Every layout of the main screen is a whole-screen reflow and redraw (tens of milliseconds,
bench/frame_gap.py): a banner, a line or a list told again what it shows must not cost one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from console.sandbox.server import SandboxServer
from console.tui.in_flight import InFlightRequest, RequestKind
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.purchase_detail import FieldTable
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

SAMPLE_003 = "sbx-sample-003-0011"  # four anomalies with long meanings, long values


def layouts_of(screen: Screen[Any]) -> list[object]:
    """Each layout of `screen` from now on, as it happens."""
    seen: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen, seen.append, immediate=True)
    return seen


async def test_what_an_answer_says_again_lays_nothing_out(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        outcome = screen.result.outcome
        assert outcome is not None
        await wait_until(pilot, lambda: not screen.workers)  # key status, who else touched it
        await pilot.pause()
        layouts = layouts_of(screen)

        # The late parts of an answer, as they come after it: the key status asked again
        # (the banner painted again), nobody else touched it, and the answer shown again.
        screen.show_banner()
        screen.result.show_touched(outcome, [])
        screen.show_outcome(outcome)
        await wait_until(pilot, lambda: not screen.workers)
        await pilot.pause()
        assert layouts == []
        assert screen.result.outcome is outcome


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_anomalies_and_fields_fit_the_room_they_end_up_with(
    tmp_path: Path, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    async with console_app(console_environ(tmp_path, sandbox), size=size) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        anomalies = app.screen.query_one("#anomalies", Static)
        table = app.screen.query_one(FieldTable)
        await wait_until(pilot, lambda: table.size.width > 0 and anomalies.size.width > 0)
        await pilot.pause()

        # Every meaning line keeps its indent under its title: none was wrapped again by the
        # widget because it was wrapped for more room than it has (a scrollbar came).
        room = anomalies.content_region.width
        lines = _plain_lines(anomalies)
        assert all(cell_len(line) <= room for line in lines), (room, lines)
        meanings = [line for line in lines[1:] if not line.startswith(("‼", "!"))]
        assert meanings and all(line.startswith("    ") for line in meanings if line), meanings

        # The columns fit what the table has beside its scrollbar: no value is cut.
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        assert sum(widths) <= table.scrollable_content_region.width
        for index in range(table.row_count):
            for cell, column in zip(table.get_row_at(index), table.ordered_columns, strict=True):
                assert all(cell_len(line) <= column.width for line in cell.plain.split("\n"))


def _plain_lines(anomalies: Static) -> list[str]:
    """The lines the list was given (before any wrapping of its own)."""
    content = anomalies.content
    assert isinstance(content, Content)
    return content.plain.split("\n")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_in_flight_line_moves_the_body_without_redrawing_its_panes(
    tmp_path: Path, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    """The line under the token field comes and goes with every lookup: the body moves down a
    line and back, and is drawn exactly as before — its panes' lines kept, not drawn again."""
    async with console_app(console_environ(tmp_path, sandbox), size=size) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: not screen.workers)
        for field in screen.query(Input):
            field.cursor_blink = False  # the same screen drawn twice reads the same
        await pilot.pause()
        before = app.export_screenshot()

        panes = [screen.query_one(selector) for selector in _PANES]
        drawn: list[str] = []
        for pane in panes:
            draw = pane.render_line

            def counted(y: int, pane: Widget = pane, draw: Callable[[int], Strip] = draw) -> Strip:
                drawn.append(f"{pane.id}:{y}")
                return draw(y)

            pane.render_line = counted  # type: ignore[method-assign]

        request = InFlightRequest(RequestKind.VERIFY, "127.0.0.1", "sbx-…-0011")
        with screen.in_flight(request):
            await wait_until(pilot, lambda: screen.query_one("#in-flight").region.height > 0)
            await pilot.pause()
            assert "sbx-…-0011" in app.export_screenshot()
            assert drawn == []  # a line shorter: every line kept
        await wait_until(pilot, lambda: screen.query_one("#in-flight").region.height == 0)
        await pilot.pause()
        # A line taller again: at most that line is drawn, once per pane.
        assert len(drawn) <= len(panes), drawn
        assert app.export_screenshot() == before


_PANES = ("#body", "#panes", "#purchase-tab", "#purchase-row", "#result", "#detail")
