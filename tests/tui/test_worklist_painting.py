"""What the worklist costs the event loop, told by what it draws and starts (counted, never
timed): the last answers of a list are on a frame before the in-flight line is let go, and its
workers are described by name, not by the repr of the list they were given; a long list's
table is in front and focused while the list is still being read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.widgets import Static, TextArea

from console.sandbox.server import SandboxServer
from console.tui.in_flight import InFlightRequest
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.lists_harness import SIZE, Host, qa_desk, qa_workspace, shown, wait_until

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
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace))
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            run_worker = worklist.run_worker

            def recording(work: Any, *args: Any, **options: Any) -> Any:
                described.append(str(options.get("description")))
                return run_worker(work, *args, **options)

            worklist.run_worker = recording  # type: ignore[method-assign]
            # Long enough to be read in a thread (_read), then verified (_verify).
            worklist.load_text("\n".join([TOKENS] * 200))
            count = app.query_one("#worklist-count", Static)
            await wait_until(pilot, lambda: "done" in shown(count), timeout=60)
            await pilot.press("r")  # one row verified again (_reverify)
            await wait_until(pilot, lambda: len(described) == 3)

    assert described == ["read a list", "verify a list", "verify a row again"]


async def test_a_long_list_shows_the_focused_table_at_once_while_it_is_read(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Long enough to be read in a thread: until then no row is listed, yet the table is in
    # front and focused, so a key typed meanwhile never lands in a text field.
    lines = [f"sbx-paid-unconsumed-{n:04d}" for n in range(600)]
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace))
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
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
    async with qa_workspace(tmp_path, sandbox) as workspace:
        worklist = Worklist(workspace, qa_desk(workspace))
        app = Host(worklist)
        async with app.run_test(size=SIZE) as pilot:
            area = app.query_one("#worklist-input", TextArea)
            worklist.load_text("\n".join(["# nothing here"] * 600))
            await wait_until(pilot, lambda: bool(app.toasts))
            assert app.toasts == ["No tokens to verify: paste one a line, then ctrl+r."]
            assert area.display and app.focused is area
