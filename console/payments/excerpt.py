"""A one-line excerpt of a reply body that is not the documented JSON, for an error's reason.

The usual culprit is a proxy or load balancer answering with an HTML page; its `<title>`
("502 Bad Gateway", "Access denied") says more than its first bytes, which are a doctype.
"""

from __future__ import annotations

import re
from typing import Final

EXCERPT_CHARS: Final = 80

# Reading more than this for an excerpt costs time and shows nothing more.
_SCAN_BYTES: Final = 64 * 1024

# `[^<>]` keeps the scan linear on hostile input such as thousands of unclosed `<`.
_TAG: Final = re.compile(r"<[^<>]*>")
_BLANKS: Final = re.compile(r"\s+")
# Elements whose text is code, not words a person should read.
_HIDDEN: Final = ("script", "style")


def body_excerpt(body: bytes, content_type: str = "", limit: int = EXCERPT_CHARS) -> str:
    """The HTML title if there is one, else the first `limit` printable characters, with
    whitespace collapsed; `(empty)` when nothing printable is left."""
    text = body[:_SCAN_BYTES].decode("utf-8", errors="replace")
    if _looks_like_html(text, content_type):
        # Only for a page: `html` loads its table of entities, and every error (so the
        # console's first frame) imports this module.
        import html

        title = _element_text(text, "title")
        if title:
            found = one_line(html.unescape(title), limit)
            if found:
                return found
        visible = one_line(html.unescape(_TAG.sub(" ", _without_hidden(text))), limit)
        if visible:
            return visible
    return one_line(text, limit) or "(empty)"


def _looks_like_html(text: str, content_type: str) -> bool:
    return "html" in content_type.lower() or text.lstrip().startswith("<")


def _element_text(text: str, name: str) -> str | None:
    """The raw content of the first `<name …>…</name>`, found with `str.find` (linear)."""
    start = _find(text, "<" + name, 0)
    if start < 0:
        return None
    opened = text.find(">", start)
    closed = _find(text, "</" + name, opened + 1) if opened >= 0 else -1
    if closed < 0:
        return None
    return text[opened + 1 : closed]


def _find(text: str, needle: str, start: int) -> int:
    """`str.find` ignoring ASCII case. (`text.lower()` would be wrong: lowering some letters,
    such as U+0130, changes the length, and the positions with it.)"""
    found = re.compile(re.escape(needle), re.IGNORECASE | re.ASCII).search(text, start)
    return found.start() if found else -1


def _without_hidden(text: str) -> str:
    """`text` with `<script>` and `<style>` elements cut out; unclosed ones run to the end."""
    for name in _HIDDEN:
        pieces: list[str] = []
        position = 0
        while True:
            start = _find(text, "<" + name, position)
            if start < 0:
                pieces.append(text[position:])
                break
            pieces.append(text[position:start])
            end = _find(text, "</" + name, start)
            if end < 0:
                break
            closing = text.find(">", end)
            position = len(text) if closing < 0 else closing + 1
        text = " ".join(pieces)
    return text


def one_line(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one printable line of at most `limit` characters, for a reason."""
    # Control and other unprintable characters would corrupt a terminal line or a log.
    printable = "".join(char if char.isprintable() else " " for char in text)
    collapsed = _BLANKS.sub(" ", printable).strip()
    if len(collapsed) > limit:
        return collapsed[: limit - 1].rstrip() + "…"
    return collapsed
