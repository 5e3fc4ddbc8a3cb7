"""One line saying what is in flight (in_flight.py), its seconds ticking: under the token field
on the main screen, whichever tab shows, and in a dialog that runs a request of its own (the
environment check). Hidden while nothing runs.

On the main screen it is mounted right after the first frame, with the rest of the screen,
before any request can start (a token pasted in the first instant is looked up once the screen
is whole)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from console.tui.in_flight import InFlightRequest
from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import safe_text


class InFlightLine(Static):
    DEFAULT_CSS = """
    InFlightLine {
        height: auto;
        padding: 0 1;
        background: $boost;
        color: $text;
        text-style: bold;
        display: none;
    }
    """

    def __init__(self, *, cancel_binding: str = "cancel", id: str | None = None) -> None:
        """`cancel_binding`: the binding whose key cancels what this line shows."""
        super().__init__("", id=id)
        self._cancel_binding = cancel_binding
        self._requests: tuple[InFlightRequest, ...] = ()
        self._ticking: Timer | None = None
        self._shape: tuple[int, ...] = ()
        """The width of each word shown: a tick that keeps it needs no layout."""

    @property
    def requests(self) -> tuple[InFlightRequest, ...]:
        return self._requests

    def track(self, requests: Sequence[InFlightRequest]) -> None:
        """Show the newest of `requests` (and how many others run); hide when none."""
        self._requests = tuple(requests)
        if not self._requests:
            if self._ticking is not None:
                self._ticking.stop()
                self._ticking = None
            self.display = False
            return
        if self._ticking is None:
            self._ticking = self.set_interval(1.0, self._tick)
        self._tick()
        self.display = True

    def _tick(self) -> None:
        if not self._requests:
            return
        newest = self._requests[-1]
        key = keymap_of(self).shown(self._cancel_binding)
        words = newest.line(key)
        others = len(self._requests) - 1
        if others:
            words += f"  (+{others} more in flight)"
        # Content from plain text: the subject may quote a pasted token.
        content = Content.assemble(("⏳ ", ""), safe_text(self)(words))
        # Each second only the count of seconds moves. Words of the same widths wrap the same
        # at any width, so the line keeps its height: redrawn in place, not a layout of the
        # whole screen every second while a long worklist verifies.
        shape = tuple(cell_len(word) for word in content.plain.split(" "))
        self.update(content, layout=shape != self._shape)
        self._shape = shape
