"""Text fields that never draw a control character raw, while keeping what was given.

An `Input` draws its value as it is: a token pasted from a ticket, a developer payload or a
product id filled in from a reply may hold ESC sequences, which would reach the terminal on
every repaint. These fields show such a value printable (`\\x1b`, text_safety.py) and keep the
original beside it: `data` is the value as it was given for as long as the field still shows
it unchanged — so a consume sends the product id the reply holds, and the desk can say that a
pasted token holds an ESCAPE — and what the field shows once the person has edited it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from console.text_safety import printable
from console.tui.outside_text import SafeText

_LINE_BREAKS = ("\r\n", "\r", "\n")


class SafeInput(Input):
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


class SafeTextArea(TextArea):
    """A paste area (the worklist): pasted or loaded lines shown printable, the original
    lines kept for `data`."""

    def __init__(self, **options: Any) -> None:
        self._given_lines: dict[str, str] = {}
        super().__init__(**options)

    def _shown(self, text: str) -> str:
        lines = text
        for separator in _LINE_BREAKS[:2]:
            lines = lines.replace(separator, "\n")
        shown_lines = []
        for line in lines.split("\n"):
            shown = printable(line)
            if shown != line:
                self._given_lines[shown] = line
            shown_lines.append(shown)
        return "\n".join(shown_lines)

    def load_text(self, text: str) -> None:
        super().load_text(self._shown(text))

    async def _on_paste(self, event: events.Paste) -> None:
        # Instead of TextArea's own handler (prevent_default), which would insert it raw.
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        result = self.replace(self._shown(event.text), *self.selection)
        self.move_cursor(result.end_location)
        self.focus()

    @property
    def data(self) -> str:
        """The text to act on: each line as given while it is shown unchanged."""
        return "\n".join(self._given_lines.get(line, line) for line in self.text.split("\n"))
