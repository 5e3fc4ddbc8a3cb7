"""Text from outside (a reply, a pasted token, a ticket note, a history row) as the screen may
show it: API keys and long pieces of them masked, control characters visible as escapes
(text_safety.py) — and, wherever it goes, as plain text, never parsed as markup: widgets
build `Content` or Rich `Text` from it, never markup strings.

Widgets get a `SafeText` for their app (`safe_text(self)`), which knows the session's keys;
the pure functions that build a widget's content take one as an argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode

from console.key_masking import mask_keys
from console.text_safety import printable, printable_lines


@runtime_checkable
class KnowsKeys(Protocol):
    """What an app offers so that its widgets can mask the session's keys (ConsoleApp)."""

    def known_keys(self) -> list[str]: ...


@dataclass(frozen=True)
class SafeText:
    keys: tuple[str, ...] = ()

    @classmethod
    def knowing(cls, keys: Iterable[str]) -> SafeText:
        return cls(tuple(key for key in keys if key))

    def __call__(self, text: object) -> str:
        """One value, on one line: line breaks are shown as `\\n` too."""
        return printable(self._masked(text))

    def lines(self, text: object) -> str:
        """A block of text (a reply's JSON, an entry's details): its line breaks kept."""
        return printable_lines(self._masked(text))

    def _masked(self, text: object) -> str:
        value = text if isinstance(text, str) else str(text)
        return mask_keys(value, self.keys) if self.keys else value


def safe_text(node: DOMNode) -> SafeText:
    """The `SafeText` of the app `node` belongs to (no keys to mask outside the console)."""
    app = node.app
    return SafeText.knowing(app.known_keys()) if isinstance(app, KnowsKeys) else SafeText()
