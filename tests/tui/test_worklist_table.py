"""The worklist's virtual table on its own: it draws the rows it is given from their cells,
keeps the cursor on its row when the rows change, scrolls to follow the cursor through a long
list, and draws a row again when its cells change."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

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
