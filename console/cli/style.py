"""Colour for a terminal, and none for a pipe, a file or NO_COLOR (https://no-color.org).

The colours are the only escape sequences the command line writes: `Output` lets exactly
these through (`Style.own_sequences`) and shows any other escape as text (text_safety.py).
"""

from __future__ import annotations

import functools
import os
import re

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final, TextIO

_CODES = {
    "good": "32",
    "bad": "31",
    "warn": "33",
    "info": "36",
    "dim": "2",
    "bold": "1",
    "production": "1;97;41",
}


_RESET: Final = "\x1b[0m"


@functools.cache
def _own() -> re.Pattern[str]:
    # Compiled when first asked: a pipe (most scripts) never needs it.
    return re.compile(
        "(" + "|".join(re.escape(f"\x1b[{code}m") for code in [*_CODES.values(), "0"]) + ")"
    )


class Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @property
    def own_sequences(self) -> re.Pattern[str] | None:
        """The escape sequences `paint` writes (a capturing pattern), None when it writes none."""
        return _own() if self.enabled else None

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        wanted = (
            stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        )
        return cls(bool(wanted))

    def paint(self, text: str, tone: str) -> str:
        code = _CODES.get(tone)
        if not self.enabled or code is None:
            return text
        return f"\x1b[{code}m{text}{_RESET}"
