"""The worklist's virtual table on its own: it draws the rows it is given from their cells,
keeps the cursor on its row when the rows change, scrolls to follow the cursor through a long
list, and draws a row again when its cells change."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input

from console.tui.widgets.worklist_table import WorklistTable

COLUMNS = (("#", "number", 6), ("Word", "word", 12))


class _Host(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.words = [f"word-{n}" for n in range(count)]

    def cells(self, index: int) -> tuple[Text, ...]:
        return (Text(str(index + 1)), Text(self.words[index]))

    def compose(self) -> ComposeResult:
        yield WorklistTable(COLUMNS, self.cells, id="table")


def _cursor_line(table: WorklistTable) -> str:
    """The line the cursor is on, as drawn (the header is line 0)."""
    return table.render_line(table.cursor_row + 1 - round(table.scroll_offset.y)).text


def _screen_lines(table: WorklistTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_a_long_list_scrolls_with_the_cursor_and_redraws_only_what_changed() -> None:
    app = _Host(10_000)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows(range(10_000))
        table.focus()
        await pilot.pause()
        lines = _screen_lines(table)
        assert lines[0].split() == ["#", "Word"]
        assert lines[1].split() == ["1", "word-0"]
        await pilot.press("end")
        assert table.current == 9_999
        assert _cursor_line(table).split() == ["10000", "word-9999"]
        await pilot.press("pageup", "up")
        row = table.current
        assert row is not None and row < 9_999
        assert _cursor_line(table).split() == [str(row + 1), f"word-{row}"]
        # A row's cells change: its line says so once repainted.
        app.words[row] = "changed"
        table.repaint([row])
        await pilot.pause()
        assert _cursor_line(table).split() == [str(row + 1), "changed"]


async def test_new_rows_keep_the_cursor_on_its_row_or_on_its_line() -> None:
    app = _Host(100)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows(range(100))
        table.focus()
        await pilot.press("down", "down", "down")
        assert table.current == 3
        table.show_rows([1, 3, 5, 7], keep=3)  # a filter that keeps the row
        assert (table.current, table.cursor_row, table.row_count) == (3, 1, 4)
        table.show_rows([2, 4], keep=3)  # one that hides it: the same line, within the rows
        assert (table.current, table.cursor_row) == (4, 1)
        table.show_rows(range(100), keep=4)
        assert table.current == 4
        assert [cell.plain for cell in table.get_row_at(4)] == ["5", "word-4"]


async def test_rows_shown_anew_keep_scrolling_and_the_scrollbar_right() -> None:
    # A filter over a long list: the table's length changes without a layout of the screen
    # while the scrollbar stays (long to long), and with one when it comes or goes.
    app = _Host(10_000)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows(range(10_000))
        table.focus()
        await pilot.press("end")
        assert table.current == 9_999
        table.show_rows(range(0, 10_000, 2))  # long to long: the cursor's line, clamped
        await pilot.pause()
        assert table.virtual_size.height == 5_001
        assert table.current == 9_998
        assert _cursor_line(table).split() == ["9999", "word-9998"]
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == 5_001
        await pilot.press("home")
        assert _screen_lines(table)[1].split() == ["1", "word-0"]
        await pilot.press("end")
        assert _cursor_line(table).split() == ["9999", "word-9998"]
        assert round(table.scroll_offset.y) == table.max_scroll_y
        table.show_rows([5, 6, 7])  # short: the scrollbar goes, every row on screen
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        assert table.scroll_offset.y == 0
        assert [line.split()[1] for line in _screen_lines(table)[1:4]] == [
            "word-5",
            "word-6",
            "word-7",
        ]
        table.show_rows(range(10_000), keep=6)  # long again: the scrollbar is back
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.current == 6
        await pilot.press("end")
        assert _cursor_line(table).split() == ["10000", "word-9999"]


class _Cells(App[None]):
    """A table of two columns with a focusable neighbour, counting the rows drawn from cells."""

    def __init__(self, rows: list[tuple[Text, Text]]) -> None:
        super().__init__()
        self.rows = rows
        self.asked: list[int] = []

    def cells(self, index: int) -> tuple[Text, ...]:
        self.asked.append(index)
        return self.rows[index]

    def compose(self) -> ComposeResult:
        yield WorklistTable((("A", "a", 6), ("B", "b", 10)), self.cells, id="table")
        yield Input(id="elsewhere")


def _as_rich_draws(cells: tuple[Text, ...], widths: tuple[int, ...], app: App[None]) -> str:
    """What Rich makes of the cells: each cut with an ellipsis or padded to its column."""
    line = ""
    for cell, width in zip(cells, widths, strict=True):
        text = cell.copy()
        text.truncate(width, overflow="ellipsis", pad=True)
        line += " " + "".join(segment.text for segment in text.render(app.console)) + " "
    return line


async def test_each_line_says_its_cells_cut_or_padded_to_their_columns() -> None:
    rows = [
        (Text("12345678"), Text("fits")),  # cut with an ellipsis
        (Text("123456"), Text("exactly 10")),  # exact widths
        (Text(""), Text("全角の文字です")),  # wide characters, cut on a cell boundary
        (Text("x", style="bold"), Text.assemble("a ", ("styled", "red"), " cell")),
    ]
    app = _Cells(rows)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows(range(len(rows)))
        await pilot.pause()
        for line, cells in enumerate(rows, start=1):
            drawn = table.render_line(line)
            assert drawn.text.startswith(_as_rich_draws(cells, (6, 10), app))
        # The span of a styled cell keeps its colour; the rest wear the table's style only.
        styled = table.render_line(4)
        assert any(
            segment.text == "styled" and segment.style and segment.style.color for segment in styled
        )


async def test_focus_coming_and_going_restyles_the_lines_without_drawing_rows_again() -> None:
    rows = [(Text(str(n)), Text(f"row {n}")) for n in range(6)]
    app = _Cells(rows)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows(range(len(rows)))
        table.focus()
        await pilot.pause()
        focused = table.render_line(3)
        app.asked.clear()
        await pilot.press("tab")  # to the field: the table's tint goes
        assert app.focused is app.query_one("#elsewhere")
        blurred = table.render_line(3)
        table.focus()
        await pilot.pause()
        assert table.render_line(3).text == focused.text == blurred.text
        # Drawn in another style (the focus tint), from the rows' lines as they were.
        assert [s.style for s in blurred] != [s.style for s in focused]
        assert [s.style for s in table.render_line(3)] == [s.style for s in focused]
        assert app.asked == []


async def test_rows_given_out_of_order_are_found_all_the_same() -> None:
    app = _Host(20)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(WorklistTable)
        table.show_rows([9, 3, 5], keep=5)
        await pilot.pause()
        assert (table.current, table.cursor_row) == (5, 2)
        assert [table.line_of(index) for index in (9, 3, 5, 4)] == [0, 1, 2, None]
        table.show_rows([2, 4, 6, 8], keep=6)  # in order again
        assert (table.current, table.cursor_row) == (6, 2)
        assert [table.line_of(index) for index in (2, 8, 5)] == [0, 3, None]
        app.words[8] = "changed"
        table.repaint([8])
        await pilot.pause()
        assert _screen_lines(table)[4].split() == ["9", "changed"]
