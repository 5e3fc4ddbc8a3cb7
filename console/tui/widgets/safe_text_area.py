"""The worklist's paste area, which never draws a control character raw while keeping what
was given (as `SafeInput` does for one line, safe_fields.py): pasted or loaded lines are shown
printable (`\\x1b`), and `data` gives each line back as given while it is shown unchanged.

Its own module: Textual's TextArea is a large import the first frame does not need.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import TextArea

from console.text_safety import printable

_LINE_BREAKS = ("\r\n", "\r", "\n")


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
