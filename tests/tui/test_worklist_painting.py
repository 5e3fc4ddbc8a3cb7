"""What the worklist costs the event loop, told by what it draws and starts (counted, never
timed): the last answers of a list are on a frame before the in-flight line is let go, and its
workers are described by name, not by the repr of the list they were given; a long list's
table is in front and focused while the list is still being read."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static, TextArea

from console.desk.worklist import WorklistReader
from console.sandbox.server import SandboxServer
from console.tui.in_flight import InFlightRequest
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_detail import WorklistDetail
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.lists_harness import (
    SIZE,
    Host,
    qa_desk,
    qa_workspace,
    shown,
    table_rows,
    verify_list,
    wait_until,
    worklist_host,
)

TOKENS = "\n".join(
    ["sbx-paid-unconsumed-0001", "sbx-paid-consumed-0002", "sbx-unpaid-0003", "sbx-failed-0004"]
)


async def test_the_last_rows_are_drawn_before_the_in_flight_line_goes(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    frames: list[tuple[int, str]] = []
    """Each frame the app drew: (rows painted with their answer, the count line)."""
    at_release: list[list[tuple[int, str]]] = []

    @contextmanager
    def in_flight(_request: InFlightRequest) -> Iterator[None]:
        try:
            yield
        finally:
            # What had been drawn when the screen would hide its in-flight line (a layout of
            # the whole screen): the frames up to here.
            at_release.append(list(frames))

    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace), in_flight=in_flight)
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            draw = app._display
            count = app.query_one("#worklist-count", Static)

            def display(screen: Any, update: Any) -> None:
                if update is not None:
                    frames.append((worklist.painted_rows, shown(count)))
                draw(screen, update)

            app._display = display  # type: ignore[method-assign,assignment]
            worklist.load_text(TOKENS)
            await wait_until(pilot, lambda: bool(at_release))

            (drawn,) = at_release
            # Every row, and the count saying so, were on screen while the line still showed.
            assert (4, "4/4 done · qa") in drawn
            assert shown(count) == "4/4 done · qa"
            assert not worklist.verifying


async def test_the_list_s_workers_are_described_by_name_never_by_their_tokens(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Textual describes a worker by the repr of its arguments unless told: the list's whole
    # text or every item, made on the event loop as it starts, and the tokens kept as text.
    described: list[str] = []
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        run_worker = worklist.run_worker

        def recording(work: Any, *args: Any, **options: Any) -> Any:
            described.append(str(options.get("description")))
            return run_worker(work, *args, **options)

        worklist.run_worker = recording  # type: ignore[method-assign]
        # Long enough to be read in slices (_read), then verified (_verify).
        worklist.load_text("\n".join([TOKENS] * 200))
        count = app.query_one("#worklist-count", Static)
        await wait_until(pilot, lambda: "done" in shown(count), timeout=60)
        await pilot.press("r")  # one row verified again (_reverify)
        await wait_until(pilot, lambda: len(described) == 3)

    assert described == ["read a list", "verify a list", "verify a row again"]


async def test_a_long_list_shows_the_focused_table_at_once_while_it_is_read(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Long enough to be read in slices: until then no row is listed, yet the table is in
    # front and focused, so a key typed meanwhile never lands in a text field.
    lines = [f"sbx-paid-unconsumed-{n:04d}" for n in range(600)]
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        area = app.query_one("#worklist-input", TextArea)
        table = app.query_one(WorklistTable)
        list_read = worklist._list_read
        when_read: list[tuple[object, bool]] = []

        def reading_done(*args: Any) -> None:
            when_read.append((app.focused, area.display))
            list_read(*args)

        worklist._list_read = reading_done  # type: ignore[method-assign,assignment]
        worklist.load_text("\n".join(lines))
        assert not area.display
        await wait_until(pilot, lambda: len(worklist.items) == 600)
        # Before the list was read: the table in front and focused, the paste area gone.
        assert when_read == [(table, False)]
        assert app.focused is table
        worklist.workers.cancel_node(worklist)


async def test_a_long_list_of_nothing_to_verify_gives_the_paste_area_back(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        area = app.query_one("#worklist-input", TextArea)
        worklist.load_text("\n".join(["# nothing here"] * 600))
        await wait_until(pilot, lambda: bool(app.toasts))
        assert app.toasts == ["No tokens to verify: paste one a line, then ctrl+r."]
        assert area.display and app.focused is area


SEEDED = [
    "sbx-paid-unconsumed-0001",
    "sbx-paid-consumed-0002",
    "sbx-unpaid-0003",
    "sbx-failed-0004",
    "sbx-test-order-0005",
    "sbx-china-cny-0010",
    "sbx-minimal-002-0012",
]


def _lines(widget: Widget) -> list[str]:
    """What a widget shows, line by line (as its last drawing has it)."""
    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


async def test_a_filter_keystroke_lays_nothing_out_and_leaving_it_draws_no_row_again(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        await verify_list(app, pilot, worklist, SEEDED)
        table = app.query_one(WorklistTable)
        await pilot.press("slash")
        await pilot.pause()
        layouts: list[object] = []
        screen = app.screen
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append, immediate=True)
        given: list[list[int]] = []
        show_rows = table.show_rows

        def counted(rows: Sequence[int], keep: int | None = None) -> None:
            given.append(list(rows))
            show_rows(rows, keep)

        table.show_rows = counted  # type: ignore[method-assign]
        lines = {name: app.query_one(f"#worklist-{name}", Static) for name in _FIXED}
        updates: list[str] = []
        for name, line in lines.items():

            def noted(*_args: object, name: str = name, **_options: object) -> None:
                updates.append(name)

            line.update = noted  # type: ignore[method-assign]

        await pilot.press("p", "a", "i", "d")
        await pilot.pause()
        # Each keystroke: the table given its rows once, no layout of the screen; the
        # count and progress lines say the same and are left alone.
        assert layouts == []
        assert len(given) == 4
        assert given[-1] == [0, 4, 5, 6] == list(worklist.shown_rows)
        assert "progress" not in updates and "count" not in updates

        drawn: list[int] = []
        cells = worklist._cells

        def counting(index: int) -> tuple[Text, ...]:
            drawn.append(index)
            return cells(index)

        table._cells = counting
        await pilot.press("enter")  # out of the filter, onto the table
        await pilot.pause()
        assert app.focused is table
        # The table's focus tint: its lines restyled, no row drawn again from its cells.
        assert drawn == []
        assert [row[2] for row in table_rows(table)][:1] == ["sbx-paid-u…med-0001"]


_FIXED = ("progress", "count", "summary")


async def test_the_detail_beside_shows_what_its_whole_text_shows_in_its_room(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with worklist_host(tmp_path, sandbox) as (app, pilot, worklist):
        await verify_list(app, pilot, worklist, SEEDED)
        detail = app.query_one(WorklistDetail)
        table = app.query_one(WorklistTable)

        async def whole_drawn() -> list[str]:
            """The row's whole detail as the pane would draw it, clipped to its room."""
            index = worklist.current_index
            assert index is not None
            shown_now = detail.visual
            detail.update(worklist._detail_of(index), layout=False)
            await pilot.pause()
            whole = _lines(detail)
            detail.update(shown_now, layout=False)
            await pilot.pause()
            return whole

        # A paid purchase: more lines than the pane has room for.
        assert worklist.current_index == 0
        assert detail._whole is not None
        assert detail._whole.plain.count("\n") > detail.size.height
        assert _lines(detail) == await whole_drawn()
        assert "Verdict" in "".join(_lines(detail))

        await pilot.press("slash", "p", "a", "i", "d")  # the pane gets shorter
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        assert worklist.current_index == 4 and app.focused is table
        await pilot.press("escape")  # the filter goes: the pane grows again
        await wait_until(pilot, lambda: not app.query_one("#worklist-filter-row").display)
        await pilot.pause()
        assert worklist.current_index == 4
        assert _lines(detail) == await whole_drawn()


async def test_a_long_list_is_read_a_slice_at_a_time_on_the_event_loop_between_its_turns(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Read in a thread, the checking of 10,000 tokens held the interpreter's lock against the
    # event loop (frames 100 ms and more apart); on the loop, in slices, other work runs
    # between them.
    lines = [f"sbx-paid-unconsumed-{n:04d}" for n in range(1_000)]
    turns = 0
    fed: list[tuple[int, int, bool]] = []
    """Each slice read: (its lines, the loop's turns so far, read on the loop's thread)."""
    feed = WorklistReader.feed

    def noted(reader: WorklistReader, slice_: Sequence[str]) -> None:
        fed.append((len(slice_), turns, threading.current_thread() is threading.main_thread()))
        feed(reader, slice_)

    async with worklist_host(tmp_path, sandbox) as (_app, pilot, worklist):

        async def turning() -> None:
            nonlocal turns
            while True:
                turns += 1
                await asyncio.sleep(0)

        ticker = asyncio.ensure_future(turning())
        WorklistReader.feed = noted  # type: ignore[method-assign,assignment]
        try:
            worklist.load_text("\n".join(lines))
            await wait_until(pilot, lambda: len(worklist.items) == 1_000)
        finally:
            WorklistReader.feed = feed  # type: ignore[method-assign]
            ticker.cancel()
        worklist.workers.cancel_node(worklist)

    assert [size for size, _, _ in fed] == [250, 250, 250, 250]
    assert all(on_loop for _, _, on_loop in fed)
    turned = [at for _, at, _ in fed]
    assert turned == sorted(set(turned)), "the loop turned between every two slices"
