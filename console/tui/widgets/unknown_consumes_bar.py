"""Under the banner: how many consumes of the environment on the banner have an unknown
outcome (a timeout, a killed console), so nobody consumes again on a guess. Each may or may not
have gone through; resolving — verifying, which is safe — tells which.

Unmistakable, not alarming: a line in the warning colour, with the key that resolves them and
the key that lists them; nothing at all when there are none."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import safe_text


def unknown_words(count: int, environment: str, resolve_key: str, history_key: str) -> str:
    if count == 1:
        consumes, each, them = "1 consume", "it may or may not", "it"
    else:
        consumes, each, them = f"{count} consumes", "each may or may not", "them"
    return (
        f"{consumes} of unknown outcome on {environment}: {each} have gone through. "
        f"{resolve_key} resolves {them} (verify, record, proof); {history_key} lists {them}"
    )


class UnknownConsumesBar(Static):
    DEFAULT_CSS = """
    UnknownConsumesBar {
        height: auto;
        padding: 0 1;
        background: $warning-muted;
        color: $text-warning;
        text-style: bold;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.count = 0
        """As last shown: 0 until the history has been asked."""

    def show_count(self, count: int, environment: str) -> None:
        self.count = count
        if count <= 0:
            self.display = False
            return
        keymap = keymap_of(self)
        words = unknown_words(
            count, environment, keymap.shown("resolve_unknown"), keymap.shown("history")
        )
        # An environment's name comes from the config file: plain text, never markup.
        self.update(Content.assemble("⚠ ", safe_text(self)(words)))
        self.display = True
