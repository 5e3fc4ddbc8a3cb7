"""The reply exactly as now.gg sent it (the parsed JSON envelope), for the cases where the
decoded view is not enough: a ticket that needs the wire truth, a field the console does not
know, a reply that contradicts itself.

Shown as JSON with every control character `json` leaves raw (DEL, C1, format characters)
written as a `\\uXXXX` escape: still the exact value, nothing raw on the terminal. A body that
was not a JSON reply (an HTML 502 page, JSON cut off, plain text, bytes) is shown as received
— text literally with its control characters escaped, bytes as hex — capped (body_excerpt.py)."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from console.desk import LookupOutcome
from console.key_masking import mask_keys
from console.text_safety import printable, terminal_safe_json
from console.tui.body_excerpt import body_excerpt
from console.tui.json_text import json_text


class RawReply(VerticalScroll):
    DEFAULT_CSS = """
    RawReply {
        height: 1fr;
        border: round $primary;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="raw-json")

    def show(self, outcome: LookupOutcome | None, secrets: list[str]) -> None:
        """`secrets`: every key the session knows, masked out should a reply ever echo one."""
        self.border_title = "Raw reply (as it came)"
        body = self.query_one("#raw-json", Static)
        if outcome is not None and outcome.reply is None:
            received = outcome.received
            if received is not None and received.size > 0:
                what, excerpt = body_excerpt(received.data, received.size, secrets)
                status = f"HTTP {received.status}, " if received.status is not None else ""
                kind = f"{printable(received.content_type)}, " if received.content_type else ""
                # Content: a content type is the server's text, never markup.
                self.border_title = Content(f"Body received ({status}{kind}{what})")
                body.update(Content(excerpt))  # as received: never markup
                return
        if outcome is None or outcome.reply is None:
            body.update(
                Content(
                    "There is no reply body to show: nothing was received (the connection "
                    "failed or was cut before any byte of the body)."
                )
            )
            return
        text = terminal_safe_json(mask_keys(json_text(outcome.reply, indent=2), secrets))
        body.update(Syntax(text, "json", word_wrap=True, background_color="default"))
