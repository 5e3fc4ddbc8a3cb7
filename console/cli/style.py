"""Colour for a terminal, and none for a pipe, a file or NO_COLOR (https://no-color.org)."""

from __future__ import annotations

import os
from typing import TextIO

_CODES = {
    "good": "32",
    "bad": "31",
    "warn": "33",
    "info": "36",
    "dim": "2",
    "bold": "1",
    "production": "1;97;41",
}


class Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

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
        return f"\x1b[{code}m{text}\x1b[0m"
