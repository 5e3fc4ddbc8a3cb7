"""The worklist: many tokens pasted (or loaded with `--tokens FILE`), verified together into a
table to step through — QA walking a test session, or support with a ticket of several tokens.

The focus model: once a list is loaded, the table has focus and keeps it. `n`/`p` (`j`/`k`,
the arrows) step, Enter opens the row's detail, `c` consumes the row and comes back to it, `r`
re-verifies it, `/` filters and Escape leaves the filter, space selects and `C` consumes the
selection. No key of the worklist puts the cursor in a text field the user did not ask for
(`/` the filter, `i` the paste area).

Everything goes through the desk (verify_all, and the screen's worklist flow for consumes),
so each lookup and consume is guarded and recorded like any other. The widget never consumes:
its consume keys ask the screen, which opens the consume dialog every path shares, then hands
the outcome back (`update_row`, `record_act`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from console.desk import Desk, LookupOutcome
from console.desk.worklist import (
    DEFAULT_CONCURRENCY,
    ParsedWorklist,
    WorklistItem,
    WorklistReader,
    parse_worklist,
    verify_all,
)
from console.desk.worklist_consume import BulkProgress, RowDone
from console.desk.worklist_export import ExportFormat, export_row, render
from console.desk.worklist_filter import RowFacts, parse_filter, row_facts
from console.desk.worklist_verdicts import SessionAct
from console.desk.workspace import Workspace
from console.history.export_file import exports_dir
from console.payments import mask_token
from console.tui import long_lived
from console.tui.in_flight import InFlightRequest, RequestKind
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import WORKLIST
from console.tui.outside_text import safe_text

from .safe_fields import SafeInput
from .safe_text_area import SafeTextArea
from .worklist_detail import WorklistDetail, detail_content
from .worklist_export_file import write_export_file
from .worklist_notices import WorklistNotices
from .worklist_rows import COLUMNS, RowStatus, row_cells
from .worklist_state import WorklistState
from .worklist_table import WorklistTable

# Every worker here is given its description: Textual otherwise makes one from the repr of
# every argument, on the event loop as the worker starts (a 10,000-line list's text, or its
# 10,000 items: tens of milliseconds without a frame, and every pasted token kept as text).
_VERIFY_GROUP = "worklist-verify"
_READ_GROUP = "worklist-read"
_READ_AT_ONCE = 500
"""Lines up to which a list is read at once (~15 ms), on screen with the key that asked."""
_READ_SLICE = 250
"""Lines of a longer list read between two turns of the event loop: a few milliseconds of
checking tokens."""
DETAIL_BESIDE_COLUMNS = 120
"""From this terminal width the current row's detail shows beside the table."""
_REFRESH_S = 0.25
"""How often rows that arrived are painted, and counts, the summary and a filter follow them:
a frame per answer would spend the console's time drawing (bench/worklist_console.py), and a
10,000-row list would otherwise recount everything 10,000 times."""
_SELECTED_AFTER_S = 0.25
"""The purchase pane follows the cursor once it rests: holding `j` redraws only the table."""
_DETAIL_EVERY_S = 0.1


_BAR_WIDTH = 40


def _bar(done: int, total: int) -> str:
    """`━━━━━━━━╺━━━━━━━ `: how much of the list has answered, in text (no animation)."""
    filled = _BAR_WIDTH * done // total
    return "━" * filled + "╺" + "─" * (_BAR_WIDTH - filled - 1)


def _read_list(text: str) -> tuple[ParsedWorklist, list[RowFacts]]:
    """The list's items and each row's filter facts while it waits."""
    parsed = parse_worklist(text)
    return parsed, [row_facts(item, None) for item in parsed.items]


InFlightSaid = Callable[[InFlightRequest], AbstractContextManager[None]]
"""While its block runs, the screen says the request is in flight (FlowHost.in_flight)."""


class Worklist(Widget):
    """Paste tokens, verify them all, step through the results, consume, hand over."""

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
        height: 1;
        margin: 0 2;
        color: $accent;
    }
    Worklist #worklist-count {
        width: 28;
        height: 1;
    }
    Worklist #worklist-summary {
        height: 2;
        padding: 0 1;
    }
    Worklist #worklist-filter-row {
        height: auto;
        display: none;
    }
    Worklist #worklist-filter-row.-shown {
        display: block;
    }
    Worklist #worklist-filter-problem {
        color: $warning;
        height: auto;
    }
    Worklist #worklist-main {
        height: 1fr;
    }
    Worklist #worklist-table {
        height: 1fr;
        width: 2fr;
    }
    Worklist #worklist-detail {
        display: none;
    }
    Worklist #worklist-detail.-shown {
        display: block;
    }
    """

    BINDINGS = scope_bindings(WORKLIST)  # type: ignore[assignment]

    class Selected(Message):
        """The current row changed to a verified token: show it in the detail pane."""

        def __init__(self, outcome: LookupOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    class ConsumeRequested(Message):
        """The user asked to consume the current row's token; the screen opens its dialog."""

        def __init__(self, outcome: LookupOutcome, index: int, item: WorklistItem) -> None:
            super().__init__()
            self.outcome = outcome
            self.index = index
            self.item = item

    class BulkConsumeRequested(Message):
        """The user asked to consume the selected rows after one confirmation."""

        def __init__(self, indices: list[int], scope_words: str) -> None:
            super().__init__()
            self.indices = indices
            self.scope_words = scope_words

    def __init__(
        self,
        workspace: Workspace,
        desk_getter: Callable[[], Desk],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        in_flight: InFlightSaid | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        use_keymap(self, WORKLIST)
        self.workspace = workspace
        # The screen's in-flight line (FlowHost.in_flight): the list's verify said there too.
        self._in_flight: InFlightSaid = in_flight or (lambda _request: nullcontext())
        # A getter, not a desk: the user may switch environment between two verifications.
        self._desk_getter = desk_getter
        self._concurrency = concurrency
        self._state = WorklistState()
        # `load_text` may come before the widget is on screen (`--tokens FILE` at start).
        self._ready = False
        self._pending_text: str | None = None
        self._unshown_text: str | None = None
        """The list given by `load_text`, not put in the paste area until it is opened."""
        self._refresh_timer: Timer | None = None
        self._dirty: set[int] = set()
        """Rows with a new answer not painted yet (`_flush` paints them)."""
        self._rows_changed = False
        """A row's answer changed since the filter last chose the rows it shows."""
        self._problems_shown = ""
        self._lines_shown: dict[str, str] = {}
        """What each fixed-size line shows (`_show_line`)."""
        self._detail_timer: Timer | None = None
        self._detail_shown_at = 0.0
        self._selected_timer: Timer | None = None
        self._stopped = False
        self.bulk: BulkProgress | None = None
        """The bulk consume running (or last run), for its progress line."""
        self.stop_requested = False
        """Escape during a bulk consume: no further row is sent (the flow asks before each)."""
        self._bulk_over = True
        self.painted_rows = 0
        """Rows put on screen with their answer since the list started (the bench reads it)."""
        self.last_export: Path | None = None

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A paste from a ticket may hold escape sequences: shown as escapes, parsed as pasted.
        yield SafeTextArea(
            id="worklist-input",
            soft_wrap=False,
            show_line_numbers=True,  # bad lines are reported by number
            placeholder="Paste tokens, one a line (or token,store,productId,currency); "
            "ctrl+r verifies them",
        )
        with Horizontal(id="worklist-controls"):
            yield Button("Verify all", id="worklist-verify", variant="primary")
            # Drawn only while a list is verifying, from the count itself: an empty or moving
            # bar with nothing loaded would look like work.
            yield Static("", id="worklist-progress")
            yield Static("", id="worklist-count")
        yield Static("", id="worklist-summary")
        yield WorklistNotices(id="worklist-notices")
        with Horizontal(id="worklist-filter-row"):
            yield SafeInput(
                placeholder="paid · consumed · unpaid · failed · client · error · pending · "
                "store:S · test · error:CODE · text",
                id="worklist-filter",
            )
        yield Static("", id="worklist-filter-problem")
        with Horizontal(id="worklist-main"):
            yield WorklistTable(COLUMNS, self._cells, id="worklist-table")
            yield WorklistDetail(id="worklist-detail")

    def on_mount(self) -> None:
        self._ready = True
        # The app and this tab live as long as the console (the flow froze the app before
        # building the tab; a tab clicked open comes here first): the tab's first layout and
        # the reading of a long list no longer walk them all in a full collection.
        long_lived.keep()
        self._place_detail()
        if self._pending_text is not None:
            text, self._pending_text = self._pending_text, None
            self.load_text(text)

    def on_resize(self, event: events.Resize) -> None:
        self._place_detail()

    def _place_detail(self) -> None:
        beside = self.app.size.width >= DETAIL_BESIDE_COLUMNS
        self.query_one(WorklistDetail).set_class(beside, "-shown")

    @property
    def detail_beside(self) -> bool:
        return self.query_one(WorklistDetail).has_class("-shown")

    @property
    def _table(self) -> WorklistTable:
        return self.query_one("#worklist-table", WorklistTable)

    # --- what the app reads -------------------------------------------------------------

    @property
    def items(self) -> tuple[WorklistItem, ...]:
        return tuple(self._state.items)

    @property
    def outcomes(self) -> tuple[LookupOutcome | None, ...]:
        """Each item's latest lookup, None until it is verified."""
        return tuple(self._state.outcomes)

    @property
    def acts(self) -> tuple[SessionAct | None, ...]:
        return tuple(self._state.acts)

    @property
    def selected(self) -> frozenset[int]:
        return frozenset(self._state.selected)

    @property
    def shown_rows(self) -> tuple[int, ...]:
        """The rows the table shows (the filter's), as indexes into `items`."""
        return tuple(self._state.visible)

    @property
    def current_index(self) -> int | None:
        return self._cursor_index()

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

    @property
    def bulk_running(self) -> bool:
        return self.bulk is not None and not self._bulk_over

    def focus_table(self) -> None:
        """The table, focused, on the row it was on (after a dialog, a consume, the filter)."""
        if self._state.items:
            self._table.focus()

    # --- what the app calls ------------------------------------------------------------

    def load_text(self, text: str) -> None:
        """Put a list in the paste area (`--tokens FILE`) and verify it at once."""
        if not self._ready:
            self._pending_text = text
            return
        # Not into the paste area yet: 10,000 lines take it most of a second to take in, on
        # the event loop. It gets the list when the user opens it to edit (`i`).
        self._unshown_text = text
        # The table is what the user works on: in front and focused now, in the frame that
        # shows the list, not once a long list has been read (in slices) — a whole-screen
        # layout and a footer of their own then, and keys typed meanwhile went elsewhere.
        self._area.display = False
        self._table.focus()
        self.action_verify_all()

    def update_row(self, outcome: LookupOutcome) -> bool:
        """Show a newer lookup of a row's token (the proof after a consume). Rows are found by
        token, which the list holds once. Returns False when no row has that token."""
        index = self._state.row_of(outcome)
        if index is None:
            return False
        if self._set_row(index, outcome):
            # One row, after a key: painted now, not with the next refresh.
            self._schedule_refresh()  # the counts, and the filter if one is on
            self._dirty.discard(index)
            self._paint(index)
            if index == self._cursor_index():
                self._show_detail()
        return True

    def record_act(self, index: int, act: SessionAct) -> None:
        """What this session did to a row (a consume, or why it was not sent)."""
        if not 0 <= index < len(self._state.acts):
            return
        self._state.acts[index] = act
        self._paint(index)
        if index == self._cursor_index():
            self._show_detail()

    # --- verifying ------------------------------------------------------------------------

    def action_verify_all(self) -> None:
        if self.bulk_running:
            self._say("A bulk consume is running: stop it (Escape) before a new list.")
            return
        unshown = self._unshown_text
        text = unshown if unshown is not None else self._area.data
        if text.count("\n") < _READ_AT_ONCE:
            self.workers.cancel_group(self, _READ_GROUP)  # a long list still being read
            self._list_read(*_read_list(text))
        else:
            self._read(text)

    @work(group=_READ_GROUP, exclusive=True, exit_on_error=False, description="read a list")
    async def _read(self, text: str) -> None:
        """Read a long list a slice at a time, the screen drawing between slices: 10,000
        lines take about 0.3 s of checking each token. (Read in a thread, that checking held
        the interpreter's lock against the event loop, which then waited for it at every
        turn: frames 100-130 ms apart while the list was read, bench/worklist_console.py.)"""
        reader = WorklistReader()
        lines = text.splitlines()
        for start in range(0, len(lines), _READ_SLICE):
            reader.feed(lines[start : start + _READ_SLICE])
            await asyncio.sleep(0)
        parsed = reader.result()
        facts: list[RowFacts] = []
        items = parsed.items
        for start in range(0, len(items), 4 * _READ_SLICE):
            facts += [row_facts(item, None) for item in items[start : start + 4 * _READ_SLICE]]
            await asyncio.sleep(0)
        self._list_read(parsed, facts)

    def _list_read(self, parsed: ParsedWorklist, facts: list[RowFacts]) -> None:
        self._show_notices(parsed)
        if not parsed.items:
            area = self._area
            area.display = True
            area.focus()
            self._say("No tokens to verify: paste one a line, then ctrl+r.")
            return
        if self.bulk_running:
            self._say("A bulk consume is running: stop it (Escape) before a new list.")
            return
        self._start(parsed, facts)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "worklist-verify":
            event.stop()
            self.action_verify_all()

    def _start(self, parsed: ParsedWorklist, facts: list[RowFacts]) -> None:
        desk = self._desk_getter()
        long_lived.release()  # the old list's rows go with this new start
        generation = self._state.start(parsed, desk.environment.name, facts)
        # What is alive now (the app, the new list's rows waiting) stays: the lookups'
        # full collections walk only what they add.
        long_lived.keep()
        self._stopped = False
        self._dirty = set()
        self.painted_rows = 0
        self.bulk = None
        items = self._state.items
        self.query_one("#worklist-input", SafeTextArea).display = False
        self._rebuild_table(keep=None)
        self._flush()
        self.focus_table()  # which also brings the footer's keys up to date
        self._verify(desk, items, generation)

    @work(group=_VERIFY_GROUP, exclusive=True, exit_on_error=False, description="verify a list")
    async def _verify(self, desk: Desk, items: list[WorklistItem], generation: int) -> None:
        def arrived(index: int, outcome: LookupOutcome) -> None:
            if generation != self._state.generation:
                return
            self._state.done += 1
            if self._set_row(index, outcome) and index == self._cursor_index():
                self._show_detail()
                self._post_selected_soon()
            self._schedule_refresh()

        count = len(items)
        subject = f"{count} worklist token{'s' if count != 1 else ''}"
        try:
            with self._in_flight(InFlightRequest(RequestKind.WORKLIST, desk.host, subject)):
                await verify_all(desk, items, concurrency=self._concurrency, on_result=arrived)
                if generation == self._state.generation:
                    # The last rows, the counts and the summary on a frame of their own before
                    # the in-flight line goes: hiding it lays the whole screen out again (the
                    # body gains its line), 30-80 ms that the last answers would wait for.
                    # The keys stay as they were (a list is loaded): the footer is not redrawn.
                    self._flush()
                    await self.wait_for_refresh()
        except asyncio.CancelledError:
            # (Escape in the last frame, every row answered: nothing was stopped.)
            if generation == self._state.generation and self._state.done < len(items):
                self._mark_stopped()
            raise
        except Exception as error:  # a bug below the desk must not take the screen down
            if generation == self._state.generation:
                self._mark_stopped()
                self._say(f"Verifying the list stopped: {error}", severity="error")
            return

    def _mark_stopped(self) -> None:
        self._stopped = True
        self._paint_rows(self._state.stop_waiting())
        self._flush()

    def action_reverify(self) -> None:
        index = self._cursor_index()
        if index is None:
            return
        state = self._state
        if state.statuses[index] in (RowStatus.WAITING, RowStatus.VERIFYING):
            self._say("This token is still being verified.")
            return
        state.statuses[index] = RowStatus.VERIFYING
        self._paint(index)
        self._reverify(self._desk_getter(), index, state.items[index], state.generation)

    @work(group="worklist-row", exit_on_error=False, description="verify a row again")
    async def _reverify(self, desk: Desk, index: int, item: WorklistItem, generation: int) -> None:
        subject = f"worklist row {item.line} ({mask_token(item.token)})"
        try:
            with self._in_flight(InFlightRequest(RequestKind.WORKLIST, desk.host, subject)):
                (outcome,) = await verify_all(desk, [item], concurrency=1)
        except Exception as error:  # as in _verify: report, never crash the screen
            if generation == self._state.generation:
                self._state.statuses[index] = RowStatus.DONE
                self._paint(index)
                self._say(f"Verifying {item.token} again failed: {error}", severity="error")
            return
        if generation != self._state.generation:
            return
        if self._set_row(index, outcome):
            self._schedule_refresh()
            if index == self._cursor_index():
                self._show_detail()
                self.post_message(self.Selected(outcome))

    # --- stepping -----------------------------------------------------------------------

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

    def on_worklist_table_row_highlighted(self, event: WorklistTable.RowHighlighted) -> None:
        # Arrow keys, n/p and clicks all end here: one place decides what "current" means.
        event.stop()
        self._follow_cursor()
        self._post_selected_soon()

    def _follow_cursor(self) -> None:
        """The detail follows the cursor: at once for a key press, at most every
        `_DETAIL_EVERY_S` while a key is held (each redraw lays the screen out again)."""
        if self._detail_timer is not None:
            return  # the pending redraw shows the row the cursor is on by then
        now = time.monotonic()
        if now - self._detail_shown_at >= _DETAIL_EVERY_S:
            self._detail_shown_at = now
            self._show_detail()
        else:
            self._detail_timer = self.set_timer(_DETAIL_EVERY_S, self._detail_due)

    def _detail_due(self) -> None:
        self._detail_timer = None
        self._detail_shown_at = time.monotonic()
        self._show_detail()

    def action_open_detail(self) -> None:
        index = self._cursor_index()
        if index is None:
            return
        from console.tui.dialogs.worklist_detail_screen import WorklistDetailScreen

        content = self._detail_of(index)
        # Textual gives focus back to the table, on the same row, when it closes.
        self.app.push_screen(WorklistDetailScreen(content))

    def _detail_of(self, index: int) -> Content:
        state = self._state
        return detail_content(
            index + 1, state.items[index], state.outcomes[index], state.acts[index], safe_text(self)
        )

    def _show_detail(self) -> None:
        if not self.detail_beside:
            return
        index = self._cursor_index()
        if index is not None:
            self.query_one(WorklistDetail).show(self._detail_of(index))

    def _post_selected_soon(self) -> None:
        if self._selected_timer is not None:
            self._selected_timer.stop()
        self._selected_timer = self.set_timer(_SELECTED_AFTER_S, self._post_selected)

    def _post_selected(self) -> None:
        self._selected_timer = None
        outcome = self.current
        if outcome is not None:
            self.post_message(self.Selected(outcome))

    # --- consuming --------------------------------------------------------------------------

    def action_consume(self) -> None:
        index = self._cursor_index()
        outcome = self.current
        if index is None:
            return
        if outcome is None:
            self._say("Verify this token first; then it can be consumed.", severity="warning")
            return
        if self.bulk_running:
            self._say("A bulk consume is running: one consume at a time.", severity="warning")
            return
        self.post_message(self.ConsumeRequested(outcome, index, self._state.items[index]))

    def action_toggle_select(self) -> None:
        index = self._cursor_index()
        if index is None:
            return
        self._state.toggle(index)
        self._paint(index)
        self._flush()
        table = self._table
        if table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)

    def action_select_all(self) -> None:
        state = self._state
        shown = set(state.visible)
        if shown and shown <= state.selected:
            state.selected -= shown
        else:
            state.selected |= shown
        self._paint_rows(shown)
        self._flush()

    def action_consume_selected(self) -> None:
        if self.bulk_running:
            self._say("A bulk consume is already running.", severity="warning")
            return
        if not self._state.selected:
            self._say("Select rows first: space selects one, a selects every row shown.")
            return
        self.post_message(self.BulkConsumeRequested(sorted(self._state.selected), "selected"))

    def bulk_started(self, total: int) -> None:
        self.bulk = BulkProgress(total)
        self._bulk_over = False
        self.stop_requested = False
        self._flush()
        self.refresh_bindings()

    def bulk_row_done(self, row: RowDone) -> None:
        if self.bulk is not None:
            self.bulk.add(row)
        if row.lookup is not None:
            self.update_row(row.lookup)
        self.record_act(row.index, row.act)
        self._flush()

    def bulk_finished(self, progress: BulkProgress) -> None:
        self.bulk = progress
        self._bulk_over = True
        self.stop_requested = False
        self._flush()
        self.refresh_bindings()

    # --- filter -----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#worklist-filter-row").add_class("-shown")
        self.query_one("#worklist-filter", Input).focus()

    @on(Input.Changed, "#worklist-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply_filter(event.value)

    @on(Input.Submitted, "#worklist-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave_filter()

    def _apply_filter(self, line: str) -> None:
        state = self._state
        state.row_filter = parse_filter(line)
        problems = safe_text(self)("; ".join(state.row_filter.problems))
        if problems != self._problems_shown:  # a layout only when the words change
            self._problems_shown = problems
            self.query_one("#worklist-filter-problem", Static).update(Text(problems))
        keep = self._cursor_index()
        state.visible = state.filtered()
        self._rows_changed = False
        self._rebuild_table(keep=keep)
        self._flush()

    def _leave_filter(self) -> None:
        field = self.query_one("#worklist-filter", Input)
        if not field.value.strip():
            self.query_one("#worklist-filter-row").remove_class("-shown")
        self.focus_table()

    def action_escape(self) -> None:
        """Escape: out of the filter; else stop a bulk consume (before its next row), else
        stop verifying, else clear the filter. Never to a text field."""
        field = self.query_one("#worklist-filter", Input)
        if field.has_focus:
            self._leave_filter()
        elif self.bulk_running:
            self.stop_requested = True
            self._say("Stopping: no further row is sent; the one in flight finishes.")
            self._flush()
        elif self.verifying:
            self.workers.cancel_group(self, _VERIFY_GROUP)
        elif field.value:
            field.value = ""  # Input.Changed applies it
            self.query_one("#worklist-filter-row").remove_class("-shown")
            self.focus_table()
        elif self.query_one("#worklist-input", SafeTextArea).has_focus and self._state.items:
            self.query_one("#worklist-input", SafeTextArea).display = False
            self.focus_table()

    def action_edit_list(self) -> None:
        area = self._area
        if self._unshown_text is not None:
            area.load_text(self._unshown_text)
            self._unshown_text = None
        area.display = True
        area.focus()

    @property
    def _area(self) -> SafeTextArea:
        return self.query_one("#worklist-input", SafeTextArea)

    def action_toggle_notices(self) -> None:
        self.query_one(WorklistNotices).flip()

    # --- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        if not self._state.items:
            self._say("Nothing to export: load a list first.")
            return
        from console.tui.dialogs.worklist_export_dialog import WorklistExportDialog

        indices, words = self._state.chosen()
        where = self.export_directory()
        shown = str(where) if where is not None else "(no folder: clipboard only)"

        def chosen(export_format: ExportFormat | None) -> None:
            if export_format is not None:
                self._export(export_format, indices, words)

        self.app.push_screen(WorklistExportDialog(len(indices), words, shown), chosen)

    def export_directory(self) -> Path | None:
        path = self.workspace.history_path
        return exports_dir(path.parent) if path is not None else None

    @work(group="worklist-export", exit_on_error=False, description="export rows")
    async def _export(self, export_format: ExportFormat, indices: list[int], words: str) -> None:
        state = self._state
        rows = [export_row(state.items[i], state.outcomes[i], state.acts[i]) for i in indices]
        summary = state.summary() if words == "all" else None
        text = render(export_format, rows, summary)
        if export_format is ExportFormat.MARKDOWN:
            self.app.copy_to_clipboard(text)
        done = await write_export_file(
            text, export_format, self.export_directory(), f"{len(rows)} ({words})"
        )
        if done.path is not None:
            self.last_export = done.path
        self._say(done.message, severity=done.severity)

    # --- which keys mean something now -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            # Ours whenever a list is loaded (so Escape never jumps to the token field), or
            # while one is verifying; else it belongs to the screen.
            return True if (self._state.items or self.verifying) else None
        if action in (
            "next",
            "previous",
            "consume",
            "reverify",
            "open_detail",
            "focus_filter",
            "toggle_select",
            "select_all",
            "consume_selected",
            "export",
            "toggle_notices",
        ):
            return True if self._state.items else None
        return True

    # --- painting -------------------------------------------------------------------------

    def _cursor_index(self) -> int | None:
        return self._table.current

    def _set_row(self, index: int, outcome: LookupOutcome) -> bool:
        """Take `outcome` unless the row already shows a later lookup (`WorklistState`); the
        row is painted with the next refresh, with every other row that arrived meanwhile."""
        if not self._state.set_row(index, outcome):
            return False
        self._dirty.add(index)
        self._rows_changed = True
        self._schedule_refresh()
        return True

    def _cells(self, index: int) -> tuple[Text, ...]:
        state = self._state
        return row_cells(
            index + 1,
            state.items[index],
            state.outcomes[index],
            state.statuses[index],
            safe_text(self),
            act=state.acts[index],
            selected=index in state.selected,
        )

    def _paint(self, index: int) -> None:
        self._paint_rows([index])

    def _paint_rows(self, indices: Iterable[int]) -> None:
        """Rows off screen (or hidden by the filter) cost nothing: drawn when shown."""
        self._table.repaint(indices)

    def _rebuild_table(self, keep: int | None) -> None:
        """The rows the filter shows, the cursor on `keep` if it is one of them: a new list
        of indexes for the table, which draws only the lines on screen."""
        self._table.show_rows(self._state.visible, keep)
        self._show_detail()

    def _schedule_refresh(self) -> None:
        if self._refresh_timer is None:
            self._refresh_timer = self.set_timer(_REFRESH_S, self._flush)

    def _flush(self) -> None:
        """Counts, progress, summary — and, with a filter on, which rows it shows."""
        self._refresh_timer = None
        state = self._state
        safe = safe_text(self)
        # Rows that arrived since the last refresh, painted together: the table redraws its
        # visible rows once per refresh rather than once per answer.
        dirty, self._dirty = self._dirty, set()
        self._paint_rows(dirty)
        self.painted_rows += len(dirty)
        if dirty:
            long_lived.keep()  # the rows' answers stay: no full collection walks them
        finished = state.done == len(state.items) or self._stopped
        bar = "" if finished or not state.items else _bar(state.done, len(state.items))
        self._show_line("#worklist-progress", bar)
        count = state.count_words(stopped=self._stopped)
        self._show_line("#worklist-count", safe(count))
        summary = state.summary().words() if state.items else ""
        if state.selected:
            summary += f" · {len(state.selected)} selected"
        if state.row_filter.active:
            summary += f" · showing {len(state.visible)}"
        if self.bulk is not None:
            summary += f"\nBulk consume: {self.bulk.words()}"
            if self.stop_requested and self.bulk_running:
                summary += " · stopping after the row in flight"
        self._show_line("#worklist-summary", summary)
        if state.row_filter.active and self._rows_changed:
            self._rows_changed = False
            fresh = state.filtered()
            if fresh != state.visible:
                keep = self._cursor_index()
                state.visible = fresh
                self._rebuild_table(keep=keep)

    def _show_line(self, selector: str, words: str) -> None:
        """Words for one of the fixed-size lines (progress, count, summary): repainted when
        they change — without a layout of the screen, their size being fixed (CSS) — and
        left alone when they say the same (a filter keystroke, a refresh with no news)."""
        if self._lines_shown.get(selector) == words:
            return
        self._lines_shown[selector] = words
        self.query_one(selector, Static).update(Text(words), layout=False)

    def _show_notices(self, parsed: ParsedWorklist) -> None:
        self.query_one(WorklistNotices).show(parsed.notes)

    def show_file_notes(self, notes: list[str]) -> None:
        """What reading a tokens file skipped (`--tokens FILE`), in the notices list."""
        if notes:
            self.query_one(WorklistNotices).show(notes, "of the file")

    def _say(self, message: str, *, severity: SeverityLevel = "information") -> None:
        """A short message in a toast (a passing answer to a key, never a list's problems)."""
        self.notify(message, severity=severity, markup=False)
