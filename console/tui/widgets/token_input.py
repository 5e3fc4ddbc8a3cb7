"""The token field: a paste arrives whole, is cleaned at once, and replaces what was there.

Textual's `Input` keeps the first line of a paste and drops the rest, so a token a ticket
wrapped over two lines became half a token (and code 3901). Here a bracketed paste is read
whole by the desk's cleaning (`read_paste`, the very cleaning a lookup applies): the field shows
the token that will be sent, and the pane says what was cleaned. A paste holding several
tokens is not guessed at: the field stays as it was, and the lookup pane says so and keeps
them for the key that opens them as a worklist.

A paste replaces the field's whole content: the field holds one token, and a paste after a
lookup is the next token, never the middle of the last one.
"""

from __future__ import annotations

from textual import events
from textual.message import Message

from console.tui.outside_text import safe_text
from console.tui.widgets.safe_fields import SafeInput


class TokenInput(SafeInput):
    class Pasted(Message):
        """A paste was read into the field: what cleaning did, or why it is no token."""

        def __init__(self, token: str, changes: tuple[str, ...], problem: str | None) -> None:
            super().__init__()
            self.token = token
            self.changes = changes
            self.problem = problem

    class SeveralTokens(Message):
        """A paste of several tokens: the field was left as it was."""

        def __init__(self, tokens: tuple[str, ...]) -> None:
            super().__init__()
            self.tokens = tokens

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own handler would keep the first line only: this one replaces it.
        event.stop()
        event.prevent_default()
        if not event.text.strip():
            return
        from console.desk import read_paste  # pure; loaded on the first paste, not at start

        reading = read_paste(event.text)
        if reading.several:
            self.post_message(self.SeveralTokens(reading.several))
            return
        self.show(reading.token, safe_text(self))
        self.cursor_position = len(self.value)
        self.post_message(self.Pasted(reading.token, reading.changes, reading.problem))
