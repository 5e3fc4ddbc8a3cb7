"""A verified purchase, read at a glance: the states as badges in words (Paid / Unpaid /
Failed, Consumed / Not consumed, TEST ORDER), the anomalies with what they mean, then every
field by group, unknown ones included (the reply as it came is `raw_reply.py`).

Everything from the reply is shown through `SafeText` (keys masked, escapes visible) inside
`Content`, never as markup: an order id such as `[/x]` or `\x1b]0;…` shows as itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Static
from textual.widgets.data_table import RowKey

from console.desk import LookupOutcome
from console.payments import DecodedField, DecodedPurchase, exact_int
from console.tui import steady_text
from console.tui.json_text import json_text
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import DETAIL
from console.tui.outside_text import SafeText, safe_text
from console.tui.steady_text import same_content
from console.tui.tones import (
    BADGE_BAD,
    BADGE_GOOD,
    BADGE_TEST,
    BADGE_WARN,
    GROUP_TITLE_STYLE,
    MUTED_STYLE,
    TONE_STYLE,
    WIRE_NAME_STYLE,
)
from console.tui.widgets.anomaly_list import AnomalyList
from console.tui.widgets.render_pass_styles import StylesOncePerDrawingTable
from console.tui.widgets.steady_container import SteadyContainer
from console.tui.widgets.wrapping import pane_width, wrapped


def badges(decoded: DecodedPurchase, safe: SafeText) -> list[tuple[str, str]]:
    """The states as (words, style): what a support agent reads first."""
    found: list[tuple[str, str]] = []
    if decoded.is_paid:
        found.append((" PAID ", BADGE_GOOD))
    elif decoded.is_unpaid:
        found.append((" UNPAID ", BADGE_BAD))
    elif decoded.is_failed:
        found.append((" FAILED ", BADGE_BAD))
    else:
        found.append((f" {safe(decoded.payment_state.upper())} ", BADGE_WARN))
    consumption = exact_int(decoded.purchase.consumption_state)
    if decoded.is_consumed:
        found.append((" CONSUMED ", BADGE_GOOD if decoded.is_paid else BADGE_WARN))
    elif consumption == 0:
        found.append((" NOT CONSUMED ", BADGE_WARN if decoded.is_paid else BADGE_BAD))
    else:
        found.append((f" {safe(decoded.consumption.upper())} ", BADGE_WARN))
    if decoded.is_test_order:
        found.append((" TEST ORDER ", BADGE_TEST))
    return found


_LABEL_MAX = 30
_LABEL_WIDE_MAX = 48
_VALUE_MIN = 20
_CELL_PADDING = 1


def copyable(field: DecodedField) -> str | None:
    """The value as now.gg sent it, for the clipboard; None when the reply lacks it."""
    if field.raw is None:
        return None
    if isinstance(field.raw, str):
        return field.raw
    return json_text(field.raw)


_LABEL_KEY: Final = "field"
_VALUE_KEY: Final = "value"


@dataclass(frozen=True)
class _Row:
    key: RowKey
    label: Content
    value: Content
    title: bool


def _lines(content: Content) -> int:
    return content.plain.count("\n") + 1


def _fits(content: Content, width: int) -> bool:
    """Every line within the column: the row's height is then its number of lines."""
    return all(cell_len(line) <= width for line in content.plain.split("\n"))


class FieldTable(StylesOncePerDrawingTable[Content]):
    """The decoded fields; `c` copies the selected one."""

    BINDINGS = scope_bindings(DETAIL)  # type: ignore[assignment]

    class CopyRequested(Message):
        def __init__(self, field: DecodedField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        use_keymap(self, DETAIL)
        self._fields: list[DecodedField | None] = []
        self._decoded: DecodedPurchase | None = None
        self._widths_shown: tuple[int, int] | None = None
        self._room_seen = 0
        self._drawn_at: Size | None = None
        """The size the table's drawn lines were made for (`_on_resize`)."""
        self._shown: list[_Row] | None = None
        """The rows on screen with their keys, when each one's height is known exactly (every
        line fits its column): then a purchase of the same shape is written over them."""

    def show(self, decoded: DecodedPurchase) -> None:
        self._decoded = decoded
        safe = safe_text(self)
        widths = self._widths(decoded, safe)
        cells = list(self._cells(decoded, safe, widths))
        self._fields = [field for _, _, field in cells]
        if widths == self._widths_shown and self._update_in_place(cells):
            return
        # Other columns or another shape (a field more, a value on more lines): rebuilt.
        row = self.cursor_row
        self.clear(columns=(widths != self._widths_shown))
        label_width, value_width = self._widths_shown = widths
        if not self.columns:
            self.add_column("Field", width=label_width, key=_LABEL_KEY)
            self.add_column("Value", width=value_width, key=_VALUE_KEY)
        shown: list[_Row] = []
        for label, value, field in cells:
            # A group's title is one line; a field's row is as tall as its wrapped text.
            key = self.add_row(label, value, height=1 if field is None else None)
            shown.append(_Row(key, label, value, field is None))
        fits = all(_fits(row.label, label_width) and _fits(row.value, value_width) for row in shown)
        self._shown = shown if fits else None
        if 0 <= row < self.row_count:
            self.move_cursor(row=row)

    def _cells(
        self, decoded: DecodedPurchase, safe: SafeText, widths: tuple[int, int]
    ) -> Iterator[tuple[Content, Content, DecodedField | None]]:
        """Each row's label, value and field (None: a group's title)."""
        label_width, value_width = widths
        for group in decoded.groups:
            yield Content.styled(group.title.upper(), GROUP_TITLE_STYLE), Content(), None
            for field in group.fields:
                # The wire name under the label: what to look for in the raw reply.
                label = Content.assemble(
                    wrapped(f"  {safe(field.label)}", label_width, indent="    "),
                    ("\n    " + safe(field.wire_name), WIRE_NAME_STYLE),
                )
                text = wrapped(safe(field.text), value_width)
                yield label, Content.styled(text, TONE_STYLE[field.tone]), field

    def _update_in_place(self, cells: list[tuple[Content, Content, DecodedField | None]]) -> bool:
        """The same rows, each as tall as before: only the cells that differ are written, and
        the table keeps its rows, columns, heights and scroll (no rebuild, no relayout).
        False: the shape changed, and nothing was touched."""
        shown = self._shown
        label_width, value_width = self._widths_shown or (0, 0)
        if shown is None or len(shown) != len(cells):
            return False
        for before, (label, value, field) in zip(shown, cells, strict=True):
            if before.title != (field is None) or _lines(before.label) != _lines(label):
                return False
            if _lines(before.value) != _lines(value):
                return False
            if not (_fits(label, label_width) and _fits(value, value_width)):
                return False
        for index, (before, (label, value, field)) in enumerate(zip(shown, cells, strict=True)):
            if not same_content(label, before.label):
                self.update_cell(before.key, _LABEL_KEY, label)
            if not same_content(value, before.value):
                self.update_cell(before.key, _VALUE_KEY, value)
            shown[index] = _Row(before.key, label, value, field is None)
        return True

    def _widths(self, decoded: DecodedPurchase, safe: SafeText) -> tuple[int, int]:
        """Label and value widths that fit the pane, so no value is ever cut: long values
        wrap onto more lines instead (a DataTable cell never wraps by itself)."""
        fields = [field for group in decoded.groups for field in group.fields]
        longest_label = max(len(safe(field.label)) for field in fields) + 2
        longest_value = max(len(safe(field.text)) for field in fields)
        available = self.scrollable_content_region.width or self.size.width
        if available > 0:
            self._room_seen = available
        else:
            # Hidden (as while a lookup runs) or not laid out yet: the width it had when last
            # shown, most likely the one it gets back; never shown yet, the width of the pane
            # it fills. Then the resize that follows its showing has nothing to redo, and the
            # first frame that shows the table shows it right (when the guess was wrong,
            # that resize fits it again).
            available = self._room_seen or self._room_of_pane()
        # With room to spare (a wide terminal), labels are not wrapped either.
        roomy = available >= longest_value + _LABEL_WIDE_MAX + 6
        label_width = min(longest_label, _LABEL_WIDE_MAX if roomy else _LABEL_MAX)
        if available <= 0:
            return label_width, longest_value
        # Each column has one cell of padding on both sides; keep one column for the cursor.
        room = available - label_width - 2 * _CELL_PADDING * 2 - 1
        return label_width, max(_VALUE_MIN, min(longest_value, room))

    def _room_of_pane(self) -> int:
        """The room the table will have, before it was ever laid out: the pane's, less a
        scrollbar (a purchase has more rows than a pane shows)."""
        width = pane_width(self)
        return max(width - self.styles.scrollbar_size_vertical, 0) if width else 0

    def on_mount(self) -> None:
        # Textual creates a table's scrollbar on first need and styles it from the stylesheet
        # only at the table's next style update: its first focus. That first styling changes
        # the scrollbar's size rules, and a size rule lays the whole screen out again (about
        # 40 ms), in the very frame where a user tabs into the fields and starts scrolling.
        # Styled now, while the table is mounted and laid out anyway, the focus only repaints.
        self.app.stylesheet.apply(self.vertical_scrollbar)

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._drawn_at:
            # Shown again at the size it had (after a lookup's loading indicator): the lines
            # drawn still hold. Textual's table (the base class, whose handler this stops)
            # forgets them on every Resize, and drawing all of them anew cost 15-25 ms in the
            # frame that shows the answer.
            event.prevent_default()
        self._drawn_at = event.size
        # Rebuilt only when the columns must change: the table is resized each time it shows
        # again after a lookup's loading indicator, and rebuilding every row then costs a
        # frame for nothing.
        self._fit()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar came or went: the room for the values changed with the table's size
        # unchanged, and no resize says so.
        self.call_later(self._fit)

    def _fit(self) -> None:
        """The columns fitted to the room the table has now (rebuilt only if they change)."""
        decoded = self._decoded
        if decoded is not None and self._widths(decoded, safe_text(self)) != self._widths_shown:
            self.show(decoded)

    def selected(self) -> DecodedField | None:
        if not 0 <= self.cursor_row < len(self._fields):
            return None
        return self._fields[self.cursor_row]

    def action_copy_field(self) -> None:
        field = self.selected()
        if field is not None:
            self.post_message(self.CopyRequested(field))


class PurchaseDetail(Vertical, SteadyContainer):
    DEFAULT_CSS = """
    PurchaseDetail {
        height: 1fr;
    }
    PurchaseDetail #headline {
        height: auto;
        padding: 0 1;
    }
    PurchaseDetail #anomalies-scroll {
        height: auto;
        max-height: 45%;
        margin-bottom: 1;
    }
    PurchaseDetail #touched {
        height: auto;
        max-height: 6;
        padding: 0 1;
        margin-bottom: 1;
        display: none;
    }
    PurchaseDetail #anomalies {
        padding: 0 1;
    }
    PurchaseDetail #fields {
        height: 1fr;
    }
    PurchaseDetail.-compact #anomalies-scroll {
        max-height: 55%;
        margin-bottom: 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcome: LookupOutcome | None = None
        self._touched_for: LookupOutcome | None = None
        self._compact = False

    def set_compact(self, compact: bool) -> None:
        """Narrow: the anomalies take more of the height (their titles all in sight)."""
        if compact == self._compact:
            return  # every resize of the screen says it again
        self._compact = compact
        self.set_class(compact, "-compact")

    def compose(self) -> ComposeResult:
        yield Static("", id="headline")
        yield Static("", id="touched")
        with VerticalScroll(id="anomalies-scroll"):
            yield AnomalyList(id="anomalies")
        yield FieldTable(id="fields")

    @property
    def table(self) -> FieldTable:
        return self.query_one(FieldTable)

    def show(self, outcome: LookupOutcome, title: str | None = None) -> None:
        decoded = outcome.decoded
        assert decoded is not None, "a failed lookup is shown as a callout"
        self.outcome = outcome
        safe = safe_text(self)
        parts: list[str | tuple[str, str]] = []
        if title:
            parts += [(title, "bold"), "\n"]
        for words, style in badges(decoded, safe):
            parts += [(words, style), " "]
        order_id = decoded.purchase.order_id
        parts.append(f"  {safe(decoded.amount or 'amount not stated')}")
        parts.append(f"\nOrder {safe(order_id) if isinstance(order_id, str) else '(none)'}")
        latency = f"  ·  verified in {outcome.latency_ms:.0f} ms" if outcome.latency_ms else ""
        when = outcome.at.astimezone().strftime("%H:%M:%S")
        where = safe(outcome.environment.name)
        parts.append((f"  ·  {where} at {when}{latency}", MUTED_STYLE))
        steady_text.show(self.query_one("#headline", Static), Content.assemble(*parts))
        if outcome is not self._touched_for:
            self.show_touched(outcome, [])
        self.query_one(AnomalyList).show(decoded)
        self.table.show(decoded)

    def show_touched(self, outcome: LookupOutcome, lines: list[str]) -> None:
        """Who else touched this purchase (the history, read after the answer showed):
        nothing at all when nobody did. Names and tickets are shown literally."""
        self._touched_for = outcome
        touched = self.query_one("#touched", Static)
        if not lines and not touched.display:
            return  # nobody, as before: nothing moves
        touched.display = bool(lines)
        if not lines:
            touched.update("")
            return
        safe = safe_text(self)
        parts: list[str | tuple[str, str]] = [("Also touched:", "bold")]
        for line in lines:
            parts += ["\n  ", safe(line)]
        touched.update(Content.assemble(*parts))
