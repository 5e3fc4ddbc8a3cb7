"""The worklist's table: a DataTable that repaints only the rows whose answer changed.

Textual's `update_cell` marks every cell of the table stale (one counter keys all its render
caches), so each answer that lands makes the next frame render every visible cell again
through Rich — for a list verified 8 at a time, most of the console's time went there
(bench/worklist_console.py). `set_rows` puts new cells in and drops only those rows' cached
renders; the lines cache, keyed by screen line, is dropped whole (lines are cheap to rebuild
from the rows' cached cells).

Every column has a fixed width and every row one line, so new rows are not measured cell by
cell (`_update_dimensions`).

This leans on DataTable's caches (`_data`, `_cell_render_cache`, `_row_render_cache` keyed
by row key first, `_row_renderable_cache` by row index second, `_line_cache`: Textual 8).
The worklist's tests read the rows back as drawn after every change, so a Textual that keys
them otherwise fails them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

Key = TypeVar("Key", bound=tuple[Any, ...])
Value = TypeVar("Value")


class WorklistTable(DataTable[Text]):
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Every column here has a fixed width and every row one line, so DataTable's
        measuring of each cell of each new row (about 1 ms a row: most of putting 10,000
        rows on screen) would find nothing: only the scrollable size follows the rows."""
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )

    def append_rows(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Rows added at the end of a table that has rows, without marking what is on
        screen stale: `add_row` bumps the counter every cached render is keyed by, so each
        chunk of a long list would make the next frame render every visible cell again.
        Only the row order and offsets, which the new rows change, are computed afresh."""
        count = self._update_count
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self._update_count = count
        self._offset_cache.clear()
        self._ordered_row_cache.clear()
        self.refresh()

    def set_rows(self, rows: Mapping[str, Sequence[Text]]) -> None:
        """Each row key's new cells (in column order); keys not in the table are ignored."""
        changed: set[RowKey] = set()
        columns = list(self.columns)
        for key, cells in rows.items():
            row_key = RowKey(key)
            data = self._data.get(row_key)
            if data is None:
                continue
            for column_key, cell in zip(columns, cells, strict=True):
                data[column_key] = cell
            changed.add(row_key)
        if not changed:
            return
        _drop(self._cell_render_cache, changed)
        _drop(self._row_render_cache, changed)
        # This one is keyed (counter, row index): the changed rows' entries go by index.
        indices = {self.get_row_index(row_key) for row_key in changed}
        renderables = self._row_renderable_cache
        old = [entry for entry in renderables.keys() if entry[1] in indices]  # noqa: SIM118
        for entry in old:
            renderables.discard(entry)
        self._line_cache.clear()
        for row_key in changed:
            self.refresh_row(self.get_row_index(row_key))


def _drop(cache: LRUCache[Key, Value], rows: set[RowKey]) -> None:
    """Forget what `cache` holds for `rows` (its keys start with the row key)."""
    # An LRUCache is no dict: its keys are read through `keys()`.
    stale = [key for key in cache.keys() if key[0] in rows]  # noqa: SIM118
    for key in stale:
        cache.discard(key)
