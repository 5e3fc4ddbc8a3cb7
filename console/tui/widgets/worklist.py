"""The worklist: many tokens pasted (or loaded with `--tokens FILE`), verified together into a
table to step through — QA walking a test session, or support with a ticket of several tokens.

Everything goes through the desk (verify_all), so each lookup is guarded and recorded like any
other. The widget never consumes: its consume binding asks the app, which opens the one consume
dialog every path shares, then calls `update_row` with the proof.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, ProgressBar, Static

from console.desk import Desk, LookupOutcome
from console.desk.worklist import (
    DEFAULT_CONCURRENCY,
    ParsedWorklist,
    WorklistItem,
    parse_worklist,
    verify_all,
)
from console.desk.workspace import Workspace
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import WORKLIST
from console.tui.outside_text import safe_text

from .safe_text_area import SafeTextArea
from .worklist_rows import COLUMNS, RowStatus, row_cells
from .worklist_state import WorklistState

_VERIFY_GROUP = "worklist-verify"


class Worklist(Widget):
    """Paste tokens, verify them all, step through the results."""

    DEFAULT_CSS = """
    Worklist {
        height: 1fr;
        layout: vertical;
    }
    Worklist #worklist-input {
        height: 8;
    }
    Worklist #worklist-controls {
        height: auto;
        align-vertical: middle;
    }
    Worklist #worklist-progress {
        width: 1fr;
        margin: 0 2;
    }
    Worklist #worklist-count {
        width: auto;
        min-width: 16;
    }
    Worklist #worklist-notices {
        height: auto;
        max-height: 6;
        color: $warning;
        display: none;
    }
    Worklist #worklist-notices.-shown {
        display: block;
    }
    Worklist #worklist-table {
        height: 1fr;
    }
    """

    BINDINGS = scope_bindings(WORKLIST)  # type: ignore[assignment]

    class Selected(Message):
        """The current row changed to a verified token: show it in the detail pane."""

        def __init__(self, outcome: LookupOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    class ConsumeRequested(Message):
        """The user asked to consume the current row's token; the app opens its dialog."""

        def __init__(self, outcome: LookupOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(
        self,
        workspace: Workspace,
        desk_getter: Callable[[], Desk],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        use_keymap(self, WORKLIST)
        self.workspace = workspace
        # A getter, not a desk: the user may switch environment between two verifications.
        self._desk_getter = desk_getter
        self._concurrency = concurrency
        self._state = WorklistState()
        # `load_text` may come before the widget is on screen (`--tokens FILE` at start).
        self._ready = False
        self._pending_text: str | None = None

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A paste from a ticket may hold escape sequences: shown as escapes, parsed as pasted.
        yield SafeTextArea(
            id="worklist-input",
            soft_wrap=False,
            show_line_numbers=True,  # bad lines are reported by number
            placeholder="Paste tokens, one a line (or token,store,productId,currency)",
        )
        with Horizontal(id="worklist-controls"):
            yield Button("Verify all", id="worklist-verify", variant="primary")
            yield ProgressBar(id="worklist-progress", show_eta=False, show_percentage=False)
            yield Static("", id="worklist-count")
        yield Static("", id="worklist-notices")
        table: DataTable[Text] = DataTable(id="worklist-table", cursor_type="row")
        yield table

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self._table.add_column(label, key=key)
        self._ready = True
        if self._pending_text is not None:
            text, self._pending_text = self._pending_text, None
            self.load_text(text)

    @property
    def _table(self) -> DataTable[Text]:
        return self.query_one("#worklist-table", DataTable)

    # --- what the app reads -------------------------------------------------------------

    @property
    def items(self) -> tuple[WorklistItem, ...]:
        return tuple(self._state.items)

    @property
    def outcomes(self) -> tuple[LookupOutcome | None, ...]:
        """Each item's latest lookup, None until it is verified."""
        return tuple(self._state.outcomes)

    @property
    def current(self) -> LookupOutcome | None:
        index = self._cursor_index()
        return None if index is None else self._state.outcomes[index]

    @property
    def verifying(self) -> bool:
        return any(
            worker.node is self and worker.group == _VERIFY_GROUP and worker.is_running
            for worker in self.workers
        )

    # --- what the app calls ------------------------------------------------------------

    def load_text(self, text: str) -> None:
        """Put a list in the paste area (`--tokens FILE`) and verify it at once."""
        if not self._ready:
            self._pending_text = text
            return
        self.query_one("#worklist-input", SafeTextArea).load_text(text)
        self.action_verify_all()

    def update_row(self, outcome: LookupOutcome) -> bool:
        """Show a newer lookup of a row's token (the proof after a consume). Rows are found by
        token, which the list holds once. Returns False when no row has that token."""
        index = self._state.row_of(outcome)
        if index is None:
            return False
        self._set_row(index, outcome)
        return True

    # --- verifying ------------------------------------------------------------------------

    def action_verify_all(self) -> None:
        text = self.query_one("#worklist-input", SafeTextArea).data
        parsed = parse_worklist(text)
        self._show_notices(parsed)
        if not parsed.items:
            self.notify("No tokens to verify: paste one a line.", severity="warning")
            return
        self._start(parsed)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "worklist-verify":
            event.stop()
            self.action_verify_all()

    def _start(self, parsed: ParsedWorklist) -> None:
        desk = self._desk_getter()
        generation = self._state.start(parsed, desk.environment.name)
        items = self._state.items
        table = self._table
        table.clear()
        for index in range(len(items)):
            table.add_row(*self._cells(index), key=str(index))
        self.query_one("#worklist-progress", ProgressBar).update(total=len(items), progress=0)
        self._show_count()
        table.focus()
        self._verify(desk, items, generation)
        self.refresh_bindings()

    @work(group=_VERIFY_GROUP, exclusive=True, exit_on_error=False)
    async def _verify(self, desk: Desk, items: list[WorklistItem], generation: int) -> None:
        def arrived(index: int, outcome: LookupOutcome) -> None:
            if generation != self._state.generation:
                return
            self._state.done += 1
            self.query_one("#worklist-progress", ProgressBar).advance(1)
            self._show_count()
            if self._set_row(index, outcome) and index == self._cursor_index():
                self.post_message(self.Selected(outcome))

        try:
            await verify_all(desk, items, concurrency=self._concurrency, on_result=arrived)
        except asyncio.CancelledError:
            if generation == self._state.generation:
                self._mark_stopped()
            raise
        except Exception as error:  # a bug below the desk must not take the screen down
            if generation == self._state.generation:
                self._mark_stopped()
                self.notify(f"Verifying the list stopped: {error}", severity="error")
            return
        if generation == self._state.generation:
            self._show_count()
            self.refresh_bindings()

    def action_stop(self) -> None:
        self.workers.cancel_group(self, _VERIFY_GROUP)

    def _mark_stopped(self) -> None:
        for index in self._state.stop_waiting():
            self._paint(index)
        self._show_count(stopped=True)
        self.refresh_bindings()

    def action_reverify(self) -> None:
        index = self._cursor_index()
        if index is None:
            return
        state = self._state
        if state.statuses[index] in (RowStatus.WAITING, RowStatus.VERIFYING):
            self.notify("This token is still being verified.")
            return
        state.statuses[index] = RowStatus.VERIFYING
        self._paint(index)
        self._reverify(self._desk_getter(), index, state.items[index], state.generation)

    @work(group="worklist-row", exit_on_error=False)
    async def _reverify(self, desk: Desk, index: int, item: WorklistItem, generation: int) -> None:
        try:
            (outcome,) = await verify_all(desk, [item], concurrency=1)
        except Exception as error:  # as in _verify: report, never crash the screen
            if generation == self._state.generation:
                self._state.statuses[index] = RowStatus.DONE
                self._paint(index)
                self.notify(f"Verifying {item.token} again failed: {error}", severity="error")
            return
        if generation != self._state.generation:
            return
        if self._set_row(index, outcome) and index == self._cursor_index():
            self.post_message(self.Selected(outcome))

    # --- stepping and consuming -----------------------------------------------------------

    def action_next(self) -> None:
        self._step(+1)

    def action_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        table = self._table
        if table.row_count == 0:
            return
        target = table.cursor_row + delta
        if not 0 <= target < table.row_count:
            self.app.bell()
            return
        table.move_cursor(row=target)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Arrow keys, n/p and clicks all end here: one place decides what "current" means.
        event.stop()
        outcome = self.current
        if outcome is not None:
            self.post_message(self.Selected(outcome))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        outcome = self.current
        if outcome is not None:
            self.post_message(self.Selected(outcome))

    def action_consume(self) -> None:
        outcome = self.current
        if outcome is None:
            self.notify("Verify this token first; then it can be consumed.", severity="warning")
            return
        self.post_message(self.ConsumeRequested(outcome))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            # Escape is only ours while a list is verifying; otherwise it belongs to the app.
            return self.verifying
        if action in ("next", "previous", "consume", "reverify"):
            return True if self._state.items else None
        return True

    # --- painting -------------------------------------------------------------------------

    def _cursor_index(self) -> int | None:
        table = self._table
        items = self._state.items
        if not items or table.row_count == 0:
            return None
        index = table.cursor_row
        return index if 0 <= index < len(items) else None

    def _set_row(self, index: int, outcome: LookupOutcome) -> bool:
        """Show `outcome` unless the row already shows a later lookup (`WorklistState`)."""
        if not self._state.set_row(index, outcome):
            return False
        self._paint(index)
        return True

    def _cells(self, index: int) -> tuple[Text, ...]:
        state = self._state
        return row_cells(
            index + 1,
            state.items[index].token,
            state.outcomes[index],
            state.statuses[index],
            safe_text(self),
        )

    def _paint(self, index: int) -> None:
        table = self._table
        for (_, column), cell in zip(COLUMNS, self._cells(index), strict=True):
            table.update_cell(str(index), column, cell, update_width=True)

    def _show_count(self, *, stopped: bool = False) -> None:
        words = self._state.count_words(stopped=stopped)
        self.query_one("#worklist-count", Static).update(Text(safe_text(self)(words)))

    def _show_notices(self, parsed: ParsedWorklist) -> None:
        notices = self.query_one("#worklist-notices", Static)
        notes = parsed.notes
        # Text, not markup: the excerpts are pasted text and may hold "[".
        safe = safe_text(self)
        notices.update(Text("\n".join(f"Not verified: {safe(note)}" for note in notes)))
        notices.set_class(bool(notes), "-shown")
