"""A text field that never draws a control character raw, while keeping what was given.

An `Input` draws its value as it is: a token pasted from a ticket, a developer payload or a
product id filled in from a reply may hold ESC sequences, which would reach the terminal on
every repaint. These fields show such a value printable (`\\x1b`, text_safety.py) and keep the
original beside it: `data` is the value as it was given for as long as the field still shows
it unchanged — so a consume sends the product id the reply holds, and the desk can say that a
pasted token holds an ESCAPE — and what the field shows once the person has edited it.

The worklist's paste area does the same for many lines (safe_text_area.py).
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from console.text_safety import printable
from console.tui.outside_text import SafeText


class SafeInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Textual's Input sets its virtual size to its text's width on every change of value,
    and that reactive of every widget asks for a layout of the whole screen (40 ms and more
    on the main screen) for each key typed or value filled in. A field scrolls its text by
    that size alone (Input.max_scroll_x) and has no scrollbar for a layout to place, so a
    repaint of the field is all a change needs (a field whose width follows its text still
    gets its layout: Input asks for one itself then)."""

    def __init__(self, value: str | None = None, **options: Any) -> None:
        self._given: tuple[str, str] | None = None
        """(what is shown, what was given) for the last value that needed escaping."""
        super().__init__(value, **options)

    def validate_value(self, value: str) -> str:
        """Textual's hook for every new value (typed, pasted, set): shown printable."""
        shown = printable(value)
        if shown != value:
            self._given = (shown, value)
        return shown

    def show(self, value: str, safe: SafeText) -> None:
        """Fill in a value from outside, shown as `safe` makes it (keys masked, escapes
        visible); `data` gives it back unchanged."""
        shown = safe(value)
        self.value = shown
        self._given = (shown, value) if shown != value else None

    @property
    def data(self) -> str:
        """The value to act on: as given while it is shown unchanged, else as shown."""
        if self._given is not None and self._given[0] == self.value:
            return self._given[1]
        return self.value
