"""The history pane: this session's calls and the persisted history, newest first.

Support agents come here to find what was done for a ticket, show it again, note the ticket
number on it, and paste the whole story into the ticket. Everything is read from the history
store (the desk records every call there), so what is shown and exported is what was recorded
— and the history never holds an API key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from console.desk.workspace import Workspace
from console.history import Action, HistoryEntry, HistoryStore, HistoryUnavailable, Outcome
from console.history.export import OUTCOME_WORDS, to_markdown
from console.history.export_file import exports_dir, write_export
from console.history.operator_name import current_operator
from console.history.text_search import DEFAULT_SCAN, search_text

from .history_details import COLUMNS, MARK, entry_details, row_cells
from .note_dialog import NoteDialog

DISPLAY_LIMIT: Final = 500
"""Rows shown at most: a long day of support; older ones are a filter away."""
_FILTER_DELAY_S: Final = 0.25


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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_mark", "Mark", id="history.mark"),
        Binding("a", "mark_all", "Mark all", id="history.mark_all"),
        Binding("x", "export", "Export for ticket", id="history.export"),
        Binding("t", "edit_note", "Ticket note", id="history.note"),
        Binding("r", "rerun", "Re-run lookup", id="history.rerun"),
        Binding("s", "session_only", "This session", id="history.session_only"),
        Binding("slash", "focus_filter", "Filter", id="history.filter"),
    ]

    class ShowEntry(Message):
        """An entry was chosen (Enter): the app may show it in its own panes."""

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
        self.workspace = workspace
        self.session_started = (session_started or datetime.now(UTC)).astimezone(UTC)
        self.operator = (
            workspace.recorder.operator if workspace.recorder is not None else current_operator()
        )
        store = workspace.history
        # The history file lives in the data directory (Workspace.open puts it there).
        self.export_to = export_to or (exports_dir(store.path.parent) if store else None)
        self._entries: list[HistoryEntry] = []
        self._marked: set[int] = set()
        self._session_only = False
        self._filter_timer: Timer | None = None
        self._ready = False  # the app may refresh before the pane is on screen

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.workspace.history is None:
            yield Static(Text(self._why_off()), id="history-off")
            return
        with Horizontal(id="history-filters"):
            yield Input(
                placeholder="Filter: token, order id, note or environment",
                id="history-filter",
            )
            yield Select(
                [(action.value, action) for action in Action],
                prompt="Any action",
                id="history-action",
            )
            yield Select(
                [(words, outcome) for outcome, words in OUTCOME_WORDS.items()],
                prompt="Any outcome",
                id="history-outcome",
            )
        yield Static("", id="history-status")
        table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
        yield table
        with VerticalScroll(id="history-detail-scroll"):
            yield Static("", id="history-detail")

    def on_mount(self) -> None:
        if self.workspace.history is None:
            return
        for label, key in COLUMNS:
            self._table.add_column(label, key=key)
        self._ready = True
        self.refresh_entries()

    def _why_off(self) -> str:
        reasons = [notice for notice in self.workspace.notices if "history" in notice.lower()]
        why = "; ".join(reasons) or "this console was started without a history"
        return f"No history to show: {why}. Lookups and consumes still work."

    @property
    def _store(self) -> HistoryStore | None:
        return self.workspace.history

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
        if not self._entries or self.workspace.history is None:
            return None
        row = self._table.cursor_row
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def is_this_session(self, entry: HistoryEntry) -> bool:
        # Another console of the same user, open at the same time, counts too: the history
        # cannot tell two processes apart, and for a ticket they are the same session.
        return entry.operator == self.operator and entry.at >= self.session_started

    def refresh_entries(self) -> None:
        """Read the history again (after each operation), keeping the cursor on its entry."""
        store = self._store
        if store is None or not self._ready:
            return  # on_mount reads it anyway
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        text = self.query_one("#history-filter", Input).value
        try:
            entries = search_text(
                store, text, action=self._chosen_action(), outcome=self._chosen_outcome(),
                limit=DISPLAY_LIMIT,
            )
        except HistoryUnavailable as error:
            self._set_status(f"The history cannot be read: {error.reason}")
            return
        if self._session_only:
            entries = [entry for entry in entries if self.is_this_session(entry)]
        self._fill(entries, partial=bool(text.strip()))

    # --- filtering ------------------------------------------------------------------------

    def _chosen_action(self) -> Action | None:
        value = self.query_one("#history-action", Select).value
        return value if isinstance(value, Action) else None

    def _chosen_outcome(self) -> Outcome | None:
        value = self.query_one("#history-outcome", Select).value
        return value if isinstance(value, Outcome) else None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "history-filter":
            return
        event.stop()
        # Typing a token should not query the history at every key press.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(_FILTER_DELAY_S, self.refresh_entries)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "history-filter":
            return
        event.stop()
        self.refresh_entries()
        self._table.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refresh_entries()

    def action_focus_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def action_session_only(self) -> None:
        self._session_only = not self._session_only
        self.refresh_entries()

    # --- the table ------------------------------------------------------------------------

    def _fill(self, entries: list[HistoryEntry], *, partial: bool) -> None:
        table = self._table
        keep = self.current.id if self.current is not None else None
        self._entries = entries
        table.clear()
        for entry in entries:
            table.add_row(*self._cells(entry), key=str(entry.id))
        rows = {entry.id: row for row, entry in enumerate(entries)}
        if keep in rows:
            table.move_cursor(row=rows[keep])
        self._show_details()
        self._update_status(partial=partial)

    def _cells(self, entry: HistoryEntry) -> tuple[Text, ...]:
        return row_cells(
            entry, marked=entry.id in self._marked, this_session=self.is_this_session(entry)
        )

    def _update_status(self, *, partial: bool = False) -> None:
        shown = len(self._entries)
        session = sum(1 for entry in self._entries if self.is_this_session(entry))
        parts = [
            f"{shown} entr{'y' if shown == 1 else 'ies'}, newest first",
            f"{session} this session",
        ]
        if self._marked:
            hidden = len(self._marked - {entry.id for entry in self._entries})
            parts.append(
                f"{len(self._marked)} marked" + (f" ({hidden} not listed)" if hidden else "")
            )
        if self._session_only:
            parts.append("this session only")
        if shown >= DISPLAY_LIMIT:
            parts.append(f"the latest {DISPLAY_LIMIT} shown: filter to find older ones")
        if partial:
            parts.append(f"partial matches among the latest {DEFAULT_SCAN:,}")
        self._set_status(" · ".join(parts))

    def _set_status(self, words: str) -> None:
        self.query_one("#history-status", Static).update(Text(words))

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
        detail.update(entry_details(entry, this_session=self.is_this_session(entry)))

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
                str(entry.id), "mark",
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
        try:
            store.set_note(entry_id, text)
        except HistoryUnavailable as error:
            self.notify(f"The note was not saved: {error.reason}", severity="error")
            return
        self.notify(f"Note {'saved' if text.strip() else 'removed'} on entry #{entry_id}.")
        self.refresh_entries()

    def action_export(self) -> None:
        """Marked entries (or the current one) as Markdown: to the clipboard and to a file."""
        store = self._store
        if store is None:
            return
        current = self.current
        ids = set(self._marked) or ({current.id} if current and current.id is not None else set())
        if not ids:
            self.notify("Nothing to export: mark entries with space.", severity="warning")
            return
        try:
            # Re-read from the store: notes edited elsewhere since the list was drawn count.
            entries = [entry for entry in map(store.get, sorted(ids)) if entry is not None]
        except HistoryUnavailable as error:
            self.notify(f"Nothing exported: {error.reason}", severity="error")
            return
        # Oldest first: a ticket reads as the story of what happened.
        entries.sort(key=lambda entry: (entry.at, entry.id or 0))
        markdown = to_markdown(entries)
        self.app.copy_to_clipboard(markdown)
        count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        if self.export_to is None:
            self.notify(f"Copied {count} as Markdown to the clipboard.")
            return
        try:
            path = write_export(markdown, self.export_to)
        except OSError as error:
            self.notify(
                f"Copied {count} as Markdown to the clipboard, but the file was not written: "
                f"{error.strerror or error}",
                severity="warning",
            )
            return
        self.notify(f"Copied {count} as Markdown to the clipboard and saved {path}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a history there is nothing to act on: let the keys pass to the app.
        return self.workspace.history is not None
