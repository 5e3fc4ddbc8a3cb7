"""One line saying what is in flight (in_flight.py), its seconds ticking: under the token field
on the main screen, whichever tab shows, and in a dialog that runs a request of its own (the
environment check). Hidden while nothing runs.

On the main screen it is mounted right after the first frame, with the rest of the screen,
before any request can start (a token pasted in the first instant is looked up once the screen
is whole)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from console.tui.in_flight import InFlightRequest
from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import safe_text

QUIET_S = 0.25
"""How long a read runs before the line shows it (a consume or an acknowledge: at once)."""


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
        self._waiting: Timer | None = None
        """Until a read has run `QUIET_S` (track)."""
        self._shape: tuple[int, ...] = ()
        """The width of each word shown: a tick that keeps it needs no layout."""

    @property
    def requests(self) -> tuple[InFlightRequest, ...]:
        return self._requests

    def track(self, requests: Sequence[InFlightRequest]) -> None:
        """Show the newest of `requests` (and how many others run); hide when none.

        Reads that answer within `QUIET_S` never show the line: it would flash for a few
        milliseconds, too short to read, and moving the screen down a line and back up
        costs two layouts of the whole screen in the frames that show the answer. A consume
        or an acknowledge that was sent shows at once, however fast: it cannot be cancelled,
        and the operator must know it is out."""
        self._requests = tuple(requests)
        if not self._requests:
            for timer in (self._ticking, self._waiting):
                if timer is not None:
                    timer.stop()
            self._ticking = self._waiting = None
            if self.display:
                # Set only when shown: setting it again, over the stylesheet's `none`, would
                # still ask for a layout of the whole screen after every fast lookup.
                self.display = False
            return
        if self.display:
            self._tick()
            return
        quiet_left = QUIET_S - max(time.monotonic() - request.started for request in requests)
        if quiet_left > 0 and all(request.cancellable for request in requests):
            if self._waiting is None:
                self._waiting = self.set_timer(quiet_left, self._show)
            return
        if self._waiting is not None:
            self._waiting.stop()  # a consume came while a read was waiting: shown now
        self._show()

    def _show(self) -> None:
        self._waiting = None
        if not self._requests:
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
