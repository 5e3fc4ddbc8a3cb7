"""The history pane: this session's calls and the persisted history, newest first.

Support agents come here to find what was done for a ticket, show it again, note the ticket
number on it, and paste the whole story into the ticket. Everything is read from the history
store (the desk records every call there), so what is shown and exported is what was recorded
— and the history never holds an API key.

Every read and write of the history runs in a thread (`HISTORY_IO` workers): SQLite may wait
seconds for another console's lock, and the screen must not wait with it. The list is replaced
when the rows come; a newer read replaces an older one still under way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from console.desk.workspace import Workspace
from console.history import (
    Action,
    HistoryEntry,
    HistoryEntryNotFound,
    HistoryStore,
    HistoryUnavailable,
    Outcome,
)
from console.history.export_file import exports_dir
from console.history.operator_name import current_operator
from console.history.text_search import search_text
from console.text_safety import printable
from console.tui.dialogs.note_dialog import NoteDialog
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import HISTORY
from console.tui.outside_text import safe_text

from .history_details import COLUMNS, MARK, entry_details, row_cells
from .history_filters import HistoryFilters
from .history_status import Listing, status_words
from .history_ticket_export import export_for_ticket

DISPLAY_LIMIT: Final = 500
"""Rows shown at most: a long day of support; older ones are a filter away."""
_READ: Final = "history-read"
_WRITE: Final = "history-write"


class HistoryPane(Widget):
    DEFAULT_CSS = """
    HistoryPane {
        height: 1fr;
        layout: vertical;
    }
    HistoryPane #history-filters {
        height: auto;
    }
    HistoryPane #history-filter {
        width: 1fr;
    }
    HistoryPane #history-action, HistoryPane #history-outcome {
        width: 24;
    }
    HistoryPane #history-operator {
        width: 18;
    }
    HistoryPane #history-status {
        height: 1;
        color: $text-muted;
    }
    HistoryPane #history-table {
        height: 1fr;
    }
    HistoryPane #history-detail-scroll {
        height: 1fr;
        border-top: solid $primary;
    }
    HistoryPane #history-off {
        padding: 1 2;
        color: $warning;
    }
    """

    BINDINGS = scope_bindings(HISTORY)  # type: ignore[assignment]

    class ShowEntry(Message):
        """An entry was chosen (Enter): the app may show it in its own panes."""

        def __init__(self, entry: HistoryEntry) -> None:
            super().__init__()
            self.entry = entry

    class ResolveEntry(Message):
        """Resolve this consume of unknown outcome: verify, record on its row, show proof."""

        def __init__(self, entry: HistoryEntry) -> None:
            super().__init__()
            self.entry = entry

    class RerunLookup(Message):
        """Look this entry's token up again, through the desk, in its environment."""

        def __init__(self, entry: HistoryEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(
        self,
        workspace: Workspace,
        *,
        session_started: datetime | None = None,
        export_to: Path | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`session_started`: when this console started (default: now); entries made since,
        by this operator, are marked as this session's. `export_to`: where export files go
        (default: `exports/` in the data directory, beside the history file)."""
        super().__init__(name=name, id=id, classes=classes)
        use_keymap(self, HISTORY)
        self.workspace = workspace
        self.session_started = (session_started or datetime.now(UTC)).astimezone(UTC)
        self.operator = (
            workspace.recorder.operator if workspace.recorder is not None else current_operator()
        )
        path = workspace.history_path  # known without opening the file
        # The history file lives in the data directory (Workspace.open puts it there).
        self.export_to = export_to or (exports_dir(path.parent) if path else None)
        self._store: HistoryStore | None = None
        """The history, once opened (in a thread, after the pane is on screen)."""
        self.opened = False
        """Opening the history was tried: the pane lists it, or says why it cannot."""
        self._entries: list[HistoryEntry] = []
        self._marked: set[int] = set()
        self._session_only = False
        self._ready = False  # the app may refresh before the pane is on screen

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="history-off")
        yield HistoryFilters(id="history-filters")
        yield Static("Opening the history…", id="history-status")
        table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
        yield table
        with VerticalScroll(id="history-detail-scroll"):
            yield Static("", id="history-detail")

    def on_mount(self) -> None:
        self.query_one("#history-off").display = False
        # Opening may wait for SQLite (another console holding its lock): never on the loop.
        self.run_worker(self._open(), group=_READ, exit_on_error=False)

    async def _open(self) -> None:
        try:
            store = await self.workspace.open_history()
        except HistoryUnavailable:
            store = None
        self.opened = True
        if store is None:
            off = self.query_one("#history-off", Static)
            off.update(Text(safe_text(self).lines(self._why_off())))
            off.display = True
            # Nothing to list, filter or mark: the keys pass on to the app.
            await self.query("#history-filters, #history-status, #history-table").remove()
            await self.query("#history-detail-scroll").remove()
            return
        self._store = store
        for label, key in COLUMNS:
            self._table.add_column(label, key=key)
        self._ready = True
        self.refresh_entries()

    def _why_off(self) -> str:
        why = "; ".join(self.workspace.history_notices)
        return f"No history to show: {why or 'this console was started without a history'}."

    @property
    def _table(self) -> DataTable[Text]:
        return self.query_one("#history-table", DataTable)

    # --- what the app reads and calls -----------------------------------------------------

    @property
    def entries(self) -> tuple[HistoryEntry, ...]:
        """The entries listed, newest first, as filtered."""
        return tuple(self._entries)

    @property
    def marked(self) -> frozenset[int]:
        return frozenset(self._marked)

    @property
    def current(self) -> HistoryEntry | None:
        if not self._entries or self._store is None:
            return None
        row = self._table.cursor_row
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def is_this_session(self, entry: HistoryEntry) -> bool:
        # Another console of the same user, open at the same time, counts too: the history
        # cannot tell two processes apart, and for a ticket they are the same session.
        return entry.operator == self.operator and entry.at >= self.session_started

    @property
    def is_reading(self) -> bool:
        """A read of the history (opening it, or listing it) is under way."""
        return any(worker.group == _READ and worker.is_running for worker in self.workers)

    def refresh_entries(self) -> Worker[None] | None:
        """Read the history again (after each operation), in a thread, keeping the cursor on
        its entry. Returns the reading worker (None when there is nothing to read yet)."""
        store = self._store
        if store is None or not self._ready:
            return None  # on_mount reads it anyway
        filters = self.query_one(HistoryFilters)
        filters.settle()
        read = partial(
            self._read, store, filters.text, filters.action, filters.outcome, filters.operator
        )
        return self.run_worker(read, group=_READ, exclusive=True, exit_on_error=False)

    async def _read(
        self,
        store: HistoryStore,
        text: str,
        action: Action | None,
        outcome: Outcome | None,
        operator: str | None,
    ) -> None:
        try:
            entries = await asyncio.to_thread(
                partial(
                    search_text,
                    store,
                    text,
                    action=action,
                    outcome=outcome,
                    operator=operator,
                    limit=DISPLAY_LIMIT,
                )
            )
        except HistoryUnavailable as error:
            self._set_status(f"The history cannot be read: {error.reason}")
            return
        if self._session_only:
            entries = [entry for entry in entries if self.is_this_session(entry)]
        self._fill(entries, partial=bool(text.strip()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug below must not pass in silence, nor take the screen down."""
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.group in (_READ, _WRITE):
            event.stop()
            error = worker.error
            self.notify(
                f"The history pane failed ({type(error).__name__}: {error}); nothing was lost.",
                severity="error",
                timeout=10,
            )

    # --- filtering ------------------------------------------------------------------------

    def on_history_filters_changed(self, event: HistoryFilters.Changed) -> None:
        event.stop()
        self.refresh_entries()

    def on_history_filters_submitted(self, event: HistoryFilters.Submitted) -> None:
        event.stop()
        self.refresh_entries()
        self._table.focus()

    def action_focus_filter(self) -> None:
        self.query_one(HistoryFilters).focus_text()

    def action_filter_operator(self) -> None:
        """Only the current entry's operator (a shared history holds a team's); again, with
        the filter set: every operator."""
        filters = self.query_one(HistoryFilters)
        if filters.operator is not None:
            filters.set_operator(None)
            self.notify("Every operator's entries.", timeout=3)
            return
        entry = self.current
        if entry is None:
            self.notify("No entry selected: type a name in the Operator field.", timeout=4)
            return
        filters.set_operator(entry.operator)
        self.notify(
            f"Only {printable(entry.operator)}'s entries (again: every operator's).",
            timeout=4,
            markup=False,
        )

    def action_session_only(self) -> None:
        self._session_only = not self._session_only
        self.refresh_entries()

    # --- the table ------------------------------------------------------------------------

    def _fill(self, entries: list[HistoryEntry], *, partial: bool) -> None:
        table = self._table
        keep = self.current.id if self.current is not None else None
        self._entries = entries
        rows = [self._cells(entry) for entry in entries]
        # Each column gets the width its cells need, given here rather than measured by the
        # table: it measures on its next idle, and in a real terminal with nothing else
        # happening the screen did not repaint after that, so the columns stayed at their
        # headers' width ("2026", "no-su") until a key was pressed.
        table.clear(columns=True)
        for index, (label, key) in enumerate(COLUMNS):
            width = max([Text(label).cell_len, *(row[index].cell_len for row in rows)])
            table.add_column(label, key=key, width=width)
        for entry, cells in zip(entries, rows, strict=True):
            table.add_row(*cells, key=str(entry.id))
        row_of = {entry.id: row for row, entry in enumerate(entries)}
        if keep in row_of:
            table.move_cursor(row=row_of[keep])
        self._show_details()
        self._update_status(partial=partial)

    def _cells(self, entry: HistoryEntry) -> tuple[Text, ...]:
        return row_cells(
            entry,
            marked=entry.id in self._marked,
            this_session=self.is_this_session(entry),
            safe=safe_text(self),
        )

    def _update_status(self, *, partial: bool = False) -> None:
        listed = {entry.id for entry in self._entries}
        listing = Listing(
            shown=len(self._entries),
            this_session=sum(1 for entry in self._entries if self.is_this_session(entry)),
            marked=len(self._marked),
            marked_not_listed=len(self._marked - listed),
            session_only=self._session_only,
            limit=DISPLAY_LIMIT,
            partial=partial,
            spooled=sum(1 for entry in self._entries if entry.spooled),
        )
        self._set_status(status_words(listing))

    def _set_status(self, words: str) -> None:
        self.query_one("#history-status", Static).update(Text(safe_text(self)(words)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.current
        if entry is not None:
            self._show_details()
            self.post_message(self.ShowEntry(entry))

    def _show_details(self) -> None:
        entry = self.current
        detail = self.query_one("#history-detail", Static)
        if entry is None:
            detail.update(Text("No entry selected.", style="dim"))
            return
        detail.update(
            entry_details(entry, this_session=self.is_this_session(entry), safe=safe_text(self))
        )

    # --- actions on entries ---------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        entry = self.current
        if entry is None or entry.id is None:
            return
        self._marked ^= {entry.id}
        self._table.update_cell(
            str(entry.id), "mark", Text(MARK if entry.id in self._marked else "", style="bold")
        )
        self._update_status()

    def action_mark_all(self) -> None:
        listed = {entry.id for entry in self._entries if entry.id is not None}
        # All listed marked already: the same key clears them, like a checkbox header.
        self._marked = self._marked - listed if listed <= self._marked else self._marked | listed
        for entry in self._entries:
            self._table.update_cell(
                str(entry.id),
                "mark",
                Text(MARK if entry.id in self._marked else "", style="bold"),
            )
        self._update_status()

    def action_rerun(self) -> None:
        entry = self.current
        if entry is None:
            return
        if not entry.token:
            self.notify("This entry has no token to look up.", severity="warning")
            return
        self.post_message(self.RerunLookup(entry))

    def action_resolve(self) -> None:
        entry = self.current
        if entry is None:
            return
        if not entry.unresolved:
            self.notify(
                "Only a consume of unknown outcome needs resolving; this entry's outcome is known.",
                timeout=5,
            )
            return
        self.post_message(self.ResolveEntry(entry))

    def action_edit_note(self) -> None:
        entry = self.current
        if entry is None or entry.id is None:
            return
        entry_id = entry.id

        def save(text: str | None) -> None:
            if text is None:
                return  # cancelled
            self._save_note(entry_id, text)

        self.app.push_screen(NoteDialog(f"Ticket note for entry #{entry_id}", entry.note), save)

    def _save_note(self, entry_id: int, text: str) -> None:
        store = self._store
        if store is None:
            return
        write = partial(self._write_note, store, entry_id, text)
        _: Worker[None] = self.run_worker(write, group=_WRITE, exit_on_error=False)

    async def _write_note(self, store: HistoryStore, entry_id: int, text: str) -> None:
        try:
            await asyncio.to_thread(store.set_note, entry_id, text)
        except HistoryUnavailable as error:
            self.notify(f"The note was not saved: {error.reason}", severity="error")
            return
        except HistoryEntryNotFound:
            # Pruned meanwhile (`history prune`, another console): say so, show what is left.
            self.notify(
                f"The note was not saved: entry #{entry_id} is no longer in the history.",
                severity="error",
            )
            self.refresh_entries()
            return
        self.notify(f"Note {'saved' if text.strip() else 'removed'} on entry #{entry_id}.")
        self.refresh_entries()

    def action_ticket_reply(self) -> None:
        """Marked entries (or the current one) as the reply for the ticket."""
        self.action_export(reply=True)

    def action_export(self, reply: bool = False) -> None:
        """Marked entries (or the current one) as Markdown (or the reply for the ticket): to
        the clipboard and to a file."""
        store = self._store
        if store is None:
            return
        current = self.current
        ids = set(self._marked) or ({current.id} if current and current.id is not None else set())
        if not ids:
            self.notify("Nothing to export: mark entries with space.", severity="warning")
            return
        keys = self.workspace.secrets()
        export = partial(self._export, store, ids, keys, reply)
        _: Worker[None] = self.run_worker(export, group=_WRITE, exit_on_error=False)

    async def _export(
        self, store: HistoryStore, ids: set[int], keys: Iterable[str], reply: bool
    ) -> None:
        export = await asyncio.to_thread(
            partial(export_for_ticket, store, ids, self.export_to, keys, reply=reply)
        )
        if export.markdown is None:
            self.notify(export.message, severity=export.severity, markup=False)
            return
        from console.tui.honest_copy import copy_honestly

        title = "The reply for the ticket" if reply else "The Markdown export"
        folder = self.export_to.parent if self.export_to is not None else None
        copy_honestly(
            self,
            export.markdown,
            export.message,
            title,
            data_directory=folder,
            severity=export.severity,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a history there is nothing to act on: let the keys pass to the app.
        return self._store is not None
