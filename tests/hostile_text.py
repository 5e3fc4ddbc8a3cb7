"""Hostile text for replies, tickets and the history (issue 7, items 4, 5 and 7): what a
server or a paste may hold, and how a test finds anything raw in what reached a terminal."""

from __future__ import annotations

from typing import Any, Final

from console.cli.style import Style
from console.text_safety import is_unsafe, printable
from tests.hostile_server import purchase_envelope

TITLE: Final = "\x1b]0;PWNED\x07"
"""OSC 0: retitles the terminal window (the issue's proof: the tmux pane title changed)."""
CLEAR: Final = "\x1b[2J\x1b[H"
C1_CSI: Final = "\x9b31m"
BIDI: Final = "\u202e"
ZERO_WIDTH: Final = "\u200b"
MARKUP_CLOSE: Final = "[/v2/order/consumePurchase] not found"
"""The codeMsg that froze the console after a 3800 (issue 7, item 5)."""
MARKUP_WORD: Final = "param [purchaseToken] is invalid"
MARKUP_LINK: Final = "[link=https://evil.example/]click[/link]"
MARKUP_BOLD: Final = "[bold]x[/]"

EVIL: Final = (
    f"{TITLE}{MARKUP_CLOSE} {MARKUP_BOLD} {MARKUP_LINK}{CLEAR}{C1_CSI}{BIDI}{ZERO_WIDTH}"
    f" {MARKUP_WORD}"
)
"""All of it in one string: what every string field of a hostile reply holds."""


def raw_controls(text: str, *, own_colours: bool = False) -> list[str]:
    """Every unsafe character in `text` that a terminal would receive raw, as its escape;
    with `own_colours`, the command line's own colour sequences (exactly those) are allowed."""
    own = Style(enabled=True).own_sequences
    if own_colours and own is not None:
        text = own.sub("", text)
    layout = "\n\r\t"
    return sorted({printable(char) for char in text if is_unsafe(char) and char not in layout})


def hostile_purchase(text: str = EVIL, **overrides: Any) -> dict[str, Any]:
    """A paid, unconsumed purchase whose every string field (and codeMsg, and an unknown
    field's name and value) holds `text` after the field's own name."""
    data = purchase_envelope()["data"]
    fields: dict[str, Any] = {
        name: f"{name}:{text}"
        for name, value in data.items()
        if isinstance(value, str) and name not in ("purchaseTime", "kind")
    }
    fields[f"extra:{text}"] = f"extraValue:{text}"
    fields.update(overrides)
    envelope = purchase_envelope(**fields)
    envelope["codeMsg"] = f"codeMsg:{text}"
    return envelope
