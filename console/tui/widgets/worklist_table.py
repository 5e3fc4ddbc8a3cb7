"""The worklist's table: a virtual table that draws only the lines on screen.

A list may hold 10,000 tokens. Textual's DataTable keeps a copy of every row and re-lays its
caches out whenever rows are added, removed or changed, so putting a list (or a filter's
rows) on screen cost time in proportion to the whole list, and each answer that landed made
the next frame draw every visible cell again (bench/worklist_console.py measured gaps of
seconds between frames). This table holds no rows: it is given the rows it shows (indexes
into the worklist, in order) and a function that gives a row's cells, and it asks for the
cells of the lines on screen only — a frame costs the same at 20 rows and at 10,000, a
filter is a new list of indexes, and an answer that lands repaints its own line if it is on
screen and nothing otherwise.

Only public Textual API: the Line API (`ScrollView.render_line`), `Strip`, component classes
for the header and the cursor. Every column has a fixed width and every row is one line.

A row's line is kept as its text alone, drawn once from its cells until they change; the
table's own style (its background, its focus tint) is put on it as it is shown, through
`Strip.apply_style`, which keeps what it made. So focusing or leaving the table (Enter after a
filter, `/`) restyles the lines on screen instead of drawing each row again from its cells, and
the table's style is worked out once per drawing rather than once per line (Textual walks
every ancestor of the widget for it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = Callable[[int], Sequence[Text]]
"""A row's cells, in column order, from its index in the worklist."""

_CELL_PADDING = 1
"""Blank cells on each side of a cell, as DataTable draws them."""
_CACHE_LIMIT = 2_000
"""Drawn lines kept; a screen shows tens, scrolling back and forth reuses them."""


class WorklistTable(ScrollView, can_focus=True):
    """Rows of the worklist, one line each, a header above and a row cursor."""

    DEFAULT_CSS = """
    WorklistTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .worklist-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .worklist-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .worklist-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"worklist-table--header", "worklist-table--cursor"}

    # Moving inside the table, as in any list (DataTable has the same keys): the worklist's
    # own keys (n/p, j/k, Enter, c…) are its scope's, remappable, in F1 and the palette.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
    ]

    class RowHighlighted(Message):
        """The cursor is on another row (a key, a click, the rows changed under it)."""

        def __init__(self, table: WorklistTable, index: int | None) -> None:
            super().__init__()
            self.table = table
            self.index = index
            """The row's index in the worklist (None: no row)."""

        @property
        def control(self) -> WorklistTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[tuple[str, str, int]],
        cells: Cells,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._labels = [label for label, _key, _width in columns]
        self._widths = [width for _label, _key, width in columns]
        self._cells = cells
        self._rows: list[int] = []
        self._position: dict[int, int] | None = None
        """Worklist index → line in the table, for rows given out of order (None: the rows
        are in ascending order, found by bisection, with no map of 10,000 entries to make
        at each filter keystroke)."""
        self._drawn: dict[int, Strip] = {}
        """Each row's line as last drawn from its cells (text only: without the table's style
        or the cursor), until the row changes."""
        self._header: Strip | None = None
        self._base: Style | None = None
        """The table's own style for this drawing (`render_lines`), worked out once."""
        self.cursor_row = 0
        self._width = sum(width + 2 * _CELL_PADDING for width in self._widths)

    # --- what the worklist reads ------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> Sequence[int]:
        """The rows shown, as worklist indexes, top to bottom."""
        return self._rows

    @property
    def current(self) -> int | None:
        """The worklist index of the row under the cursor."""
        rows = self._rows
        return rows[self.cursor_row] if 0 <= self.cursor_row < len(rows) else None

    def get_row_at(self, row: int) -> Sequence[Text]:
        """The cells of the table's `row`-th line (as the worklist gives them now)."""
        return self._cells(self._rows[row])

    def line_of(self, index: int) -> int | None:
        """Where the worklist's row `index` is in the table, if it is shown."""
        if self._position is not None:
            return self._position.get(index)
        rows = self._rows
        line = bisect_left(rows, index)
        return line if line < len(rows) and rows[line] == index else None

    # --- what the worklist changes ----------------------------------------------------------

    def show_rows(self, rows: Sequence[int], keep: int | None = None) -> None:
        """Show `rows` (worklist indexes, in order). The cursor stays on the row `keep` when
        it is among them; else it stays on the same line, within the new rows."""
        before = self.current
        self._rows = list(rows)
        # A filter's rows are in list order; sorting sorted numbers is one pass in C.
        ascending = self._rows == sorted(self._rows)
        self._position = (
            None if ascending else {index: line for line, index in enumerate(self._rows)}
        )
        line = self.line_of(keep) if keep is not None else None
        if line is None:
            line = min(self.cursor_row, max(len(self._rows) - 1, 0))
        self.cursor_row = line
        self._resize(Size(self._width, len(self._rows) + 1))  # the header's line
        self._scroll_to_cursor()
        self.refresh()
        if self.current != before:
            self.post_message(self.RowHighlighted(self, self.current))

    def _resize(self, size: Size) -> None:
        """A new number of rows. Setting `virtual_size` lays the whole screen out again (it is
        a layout reactive): a filter's keystroke over 10,000 rows cost a frame's worth of
        arranging every widget, although the table's own size never depends on its rows.
        Only whether the vertical scrollbar shows can change the table's layout; while it
        stays as it was, the size is taken without a layout and the scrollbar told the new
        length — what Textual's layout would have done for this widget."""
        before = self.virtual_size
        if size == before:
            return
        height = self.container_size.height
        room = height - self.styles.scrollbar_size_horizontal  # a horizontal bar may take a line
        scrollbar_stays = (
            self.is_mounted
            and size.width == before.width
            and self.styles.overflow_y == "auto"
            and (
                (before.height > height and size.height > height)
                or (before.height <= room and size.height <= room)
            )
        )
        if not scrollbar_stays:
            self.virtual_size = size
            return
        self.set_reactive(WorklistTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
            self.vertical_scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def repaint(self, indices: Iterable[int]) -> None:
        """These rows' cells changed: their lines are drawn again, if on screen."""
        top = round(self.scroll_offset.y)
        bottom = top + self.scrollable_content_region.height
        for index in indices:
            self._drawn.pop(index, None)
            line = self.line_of(index)
            if line is not None and top <= line < bottom:
                self.refresh_line(line + 1)

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Put the cursor on the table's `row`-th line (clamped), scrolled into view."""
        if not self._rows:
            return
        row = max(0, min(row, len(self._rows) - 1))
        if row == self.cursor_row:
            self._scroll_to_cursor()
            return
        old, self.cursor_row = self.cursor_row, row
        self._refresh_row(old)
        self._refresh_row(row)
        self._scroll_to_cursor()
        self.post_message(self.RowHighlighted(self, self.current))

    # --- keys and the mouse -----------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page())

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page())

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        self.move_cursor(row=round(self.scroll_offset.y) + offset.y - 1)

    # --- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # A theme or focus change restyles the lines: the header and the table's style are
        # worked out again; each row's text stays as drawn (`render_line` styles it).
        super().notify_style_update()
        self._header = None
        self._base = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = None  # once per drawing: an ancestor's style may have changed since
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        if y == 0:
            line = self._header_strip(base)
        else:
            row = scroll_y + y - 1
            if not 0 <= row < len(self._rows):
                return Strip.blank(width, base)
            line = self._row_strip(self._rows[row]).apply_style(base)
            if row == self.cursor_row:
                cursor = self.get_component_rich_style("worklist-table--cursor")
                line = Strip(Segment.apply_style(line, post_style=cursor), line.cell_length)
        return line.crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self, base: Style) -> Strip:
        if self._header is None:
            style = self.get_component_rich_style("worklist-table--header")
            cells = [Text(label) for label in self._labels]
            self._header = self._strip(cells).apply_style(base + style)
        return self._header

    def _row_strip(self, index: int) -> Strip:
        drawn = self._drawn.get(index)
        if drawn is None:
            if len(self._drawn) >= _CACHE_LIMIT:
                self._drawn.clear()
            drawn = self._drawn[index] = self._strip(self._cells(index))
        return drawn

    def _strip(self, cells: Sequence[Text]) -> Strip:
        """One line of text: each cell fitted to its column (an ellipsis where it is cut),
        padded as DataTable pads. A cell is drawn as its text, as `Text.render` draws a text
        without spans; one with spans goes through Rich."""
        pad = " " * _CELL_PADDING
        parts: list[str] = []
        segments: list[Segment] = []
        for cell, width in zip(cells, self._widths, strict=True):
            if cell.spans:
                if parts:
                    segments.append(Segment("".join(parts)))
                    parts = []
                segments.append(Segment(pad))
                segments.extend(_rendered(cell, width, self.app.console))
                parts.append(pad)
            else:
                parts += (pad, _fitted(cell.plain, width), pad)
        if parts:
            segments.append(Segment("".join(parts)))
        return Strip(segments, self._width)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(row + 1)

    def _scroll_to_cursor(self) -> None:
        """Scroll just enough that the cursor's line is below the header and on screen."""
        height = self.scrollable_content_region.height - 1  # the header's line stays
        if height < 1:
            return
        top = round(self.scroll_offset.y)
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)


def _fitted(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded with spaces (what
    `Text.truncate(width, overflow="ellipsis", pad=True)` makes of it)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length) if length < width else text


def _rendered(cell: Text, width: int, console: Console) -> list[Segment]:
    text = cell.copy()
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis", pad=True)
    return list(text.render(console, end=""))
