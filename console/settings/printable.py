"""A value typed by a person, shown back in a message: quoted, on one line, never raw.

A refused `--base-url` or a bad key in the config file is shown to say *what* was refused, and
the value is exactly what cannot be trusted: it may hold an escape sequence that would retitle
the terminal, a line break that forges a second message, or 100 KB that buries the reason.
`console/text_safety.py` turns every control and invisible character into a visible escape
(`\\x1b`, `\\u202e`), as everywhere else on screen; a long value is cut, saying how long it was.
"""

from __future__ import annotations

from console.text_safety import printable as escaped

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

SHOWN_CHARS: Final = 80


def printable(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` quoted, escaped (`'http://a\\x1bb'`), cut to about `limit` characters."""
    if len(text) <= limit:
        return f"'{escaped(text)}'"
    return f"'{escaped(text[:limit])}'… ({len(text):,} characters)"
