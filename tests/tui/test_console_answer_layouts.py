"""What an answer changes is laid out once; what it says again is not laid out at all, and
the parts that wrap to their room (the anomalies, the field table) wrap to the room they end
up with — also when only a scrollbar beside them came, which resizes no pane.

Every layout of the main screen is a whole-screen reflow and redraw (tens of milliseconds,
bench/frame_gap.py): a banner, a line or a list told again what it shows must not cost one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.app import App
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from console.sandbox.server import SandboxServer
from console.tui import steady_text
from console.tui.in_flight import InFlightRequest, RequestKind
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.in_flight_line import QUIET_S
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


async def test_focusing_the_field_table_lays_nothing_out(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """Tabbing into the fields repaints them (the focus tint, the cursor) and the footer's
    keys: the screen keeps its shape, so nothing is laid out — also the first time, when
    Textual would style the table's scrollbar and lay the whole screen out for it."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        table = screen.query_one(FieldTable)
        await wait_until(pilot, lambda: not screen.workers and table.show_vertical_scrollbar)
        await pilot.pause()
        layouts = layouts_of(screen)
        table.focus()
        await wait_until(pilot, lambda: "Copy value" in screen_text(app))
        await pilot.pause()
        assert layouts == []
        assert app.focused is table


async def test_typing_in_a_field_lays_nothing_out(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        await wait_until(pilot, lambda: not screen.workers)
        field = screen.query_one("#token", Input)
        field.focus()
        await pilot.pause()
        layouts = layouts_of(screen)
        await pilot.press("end", "x", "y", "backspace")
        await wait_until(pilot, lambda: field.value == f"{SAMPLE_003}x")
        await pilot.pause()
        assert layouts == []
        assert f"{SAMPLE_003}x" in app.export_screenshot()


async def test_new_words_in_the_same_lines_are_repainted_in_place(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The headline's new time after a second lookup, or any text of the same height, is
    drawn where it is; text that needs another line still gets it."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        await wait_until(pilot, lambda: not screen.workers)
        await pilot.pause()
        headline = screen.query_one("#headline", Static)
        height = headline.outer_size.height
        shown = headline.content
        assert isinstance(shown, Content)
        layouts = layouts_of(screen)

        steady_text.show(headline, Content(shown.plain.replace("Order", "ORDER")))
        await wait_until(pilot, lambda: "ORDER" in screen_text(app))
        assert layouts == []

        steady_text.show(headline, Content(shown.plain + "\none line more"))
        await wait_until(pilot, lambda: "one line more" in screen_text(app))
        assert len(layouts) >= 1
        assert headline.outer_size.height == height + 1


async def test_the_consume_verdict_keeps_the_form_in_shape_across_a_lookup(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """While a lookup runs the verdict says "Look a purchase up first." (one line) and then
    "Allowed. …" (two): the form's column keeps its shape between them."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        reason = app.screen.query_one("#reason", Static)
        await wait_until(pilot, lambda: reason.outer_size.height > 0)
        before = reason.region
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await wait_until(pilot, lambda: "Allowed." in shown_text(reason))
        await pilot.pause()
        assert reason.region == before


def screen_text(app: App[Any]) -> str:
    """What the screen shows, as text (the screenshot's non-breaking spaces as spaces)."""
    return app.export_screenshot().replace("&#160;", " ")


def shown_text(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


async def test_a_read_answered_within_a_quarter_second_never_shows_the_in_flight_line(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """A line that would flash for a few milliseconds, too short to read, moving the screen
    down a line and back: a read shows it only once it has run `QUIET_S`; a sent consume
    shows it at once, however fast it is."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.settled and not screen.workers)
        await pilot.pause()
        line = screen.query_one("#in-flight", Static)
        layouts = layouts_of(screen)

        read = InFlightRequest(RequestKind.VERIFY, "127.0.0.1", "sbx-…-0011")
        with screen.in_flight(read):
            assert not line.display
        await asyncio.sleep(QUIET_S + 0.1)
        await pilot.pause()
        assert not line.display and layouts == []

        slow_read = InFlightRequest(RequestKind.VERIFY, "127.0.0.1", "sbx-…-0011")
        with screen.in_flight(slow_read):
            assert not line.display
            await wait_until(pilot, lambda: bool(line.display))
            assert "Verifying sbx-…-0011" in shown_text(line)
        assert not line.display

        consume = InFlightRequest(RequestKind.CONSUME, "127.0.0.1", "sbx-…-0011", limit_s=10)
        with screen.in_flight(consume):
            assert line.display  # at once
            assert "Consume of sbx-…-0011 sent" in shown_text(line)
        assert not line.display

        # A consume sent while a read waits for its quarter second: shown at once too.
        waiting_read = InFlightRequest(RequestKind.VERIFY, "127.0.0.1", "sbx-…-0022")
        with screen.in_flight(waiting_read):
            assert not line.display
            with screen.in_flight(consume):
                assert line.display
                assert "Consume of sbx-…-0011 sent" in shown_text(line)
                assert "+1 more in flight" in shown_text(line)
        assert not line.display
        await asyncio.sleep(QUIET_S + 0.1)
        await pilot.pause()
        assert not line.display  # the read's timer was let go with it


async def test_the_field_table_draws_with_the_styles_of_the_moment(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The table reads its styles once per drawing (render_pass_styles.py): what it draws is
    what Textual's own table draws, and a new theme is in its next drawing."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        table = app.screen.query_one(FieldTable)
        table.focus()
        await wait_until(pilot, lambda: table.size.height > 0)
        await pilot.pause()
        region = Region(0, 0, table.size.width, table.size.height)

        def drawn() -> list[list[tuple[str, Style | None]]]:
            table.refresh()  # Textual's caches of the lines go: everything drawn anew
            table._clear_caches()
            return [[(s.text, s.style) for s in strip] for strip in table.render_lines(region)]

        ours = drawn()
        table._clear_caches()
        textuals = [
            [(s.text, s.style) for s in strip] for strip in DataTable.render_lines(table, region)
        ]
        assert ours == textuals

        app.theme = "nowgg-light"
        await pilot.pause()
        assert drawn() != ours


async def test_the_same_answer_again_keeps_the_fields_drawn(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The table hides behind the loading indicator and shows again at the size it had, with
    the same fields: the lines it drew are kept (drawing all of them costs 15-25 ms in the
    frame of the answer). A new size still draws them anew."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        table = app.screen.query_one(FieldTable)
        await wait_until(pilot, lambda: not app.screen.workers)
        await pilot.pause()
        drawn_for = table._update_count

        await look_up(pilot, SAMPLE_003)
        await wait_until(pilot, lambda: not app.screen.workers)
        await pilot.pause()
        assert table._update_count == drawn_for

        await pilot.resize_terminal(130, 40)
        await wait_until(pilot, lambda: table._update_count != drawn_for)


async def test_an_answer_is_laid_out_in_the_callback_that_shows_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The answer replacing the loading indicator is placed and drawn before anything else
    the event loop holds is served (a Tab pressed meanwhile lands in the next frame, not in
    the answer's: prompt_layout.py). What is shown again is not laid out anew."""
    # The Textual internals prompt_layout.py calls: a new Textual without them fails here.
    assert callable(getattr(Screen, "_refresh_layout", None))
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: not screen.workers)
        await pilot.pause()
        assert app._batch_count == 0
        outcome = screen.result.outcome
        assert outcome is not None
        table = screen.query_one(FieldTable)

        screen.result.show_loading()
        await wait_until(pilot, lambda: table.region.area == 0)  # hidden, as while a lookup runs
        layouts = layouts_of(screen)
        screen.show_outcome(outcome)
        # No await between: the layout ran inside show_outcome.
        assert len(layouts) == 1
        assert table.region.area > 0

        screen.show_outcome(outcome)  # the same parts shown: nothing to lay out
        assert len(layouts) == 1


async def test_an_answer_laid_out_at_once_gives_a_longer_verdict_its_lines(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """Laid out in the callback that shows it, the answer takes the sizes its texts have now:
    a refusal longer than the verdict before it has all its lines in that first frame, and
    keeps them once everything that follows the answer has settled."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await look_up(pilot, SAMPLE_003)  # unpaid: a refusal of several lines
        await wait_until(pilot, lambda: not screen.workers)
        unpaid = screen.result.outcome
        assert unpaid is not None
        await look_up(pilot, "sbx-paid-unconsumed-0001")  # "Allowed. …": two lines
        await wait_until(pilot, lambda: not screen.workers)
        await pilot.pause()
        reason = screen.query_one("#reason", Static)
        allowed_height = reason.outer_size.height

        screen.result.show_loading()
        await wait_until(pilot, lambda: screen.query_one(FieldTable).region.area == 0)
        await pilot.pause()
        screen.show_outcome(unpaid)
        lines = reason.get_content_height(reason.container_size, app.size, reason.size.width)
        assert "Consume disabled" in shown_text(reason)
        assert reason.outer_size.height == lines > allowed_height
        first_frame = reason.region
        await wait_until(pilot, lambda: not screen.workers)
        await pilot.pause()
        assert reason.region == first_frame
