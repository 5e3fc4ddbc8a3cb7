"""Text wrapped to the room a widget has, and that room before the widget was ever laid out.

A DataTable cell never wraps by itself, and a Static's own wrap knows nothing of an indent
that must go on every line: the purchase's fields and anomalies are wrapped here, to a width
the widget tells."""

from __future__ import annotations

import textwrap

from textual.widget import Widget


def wrapped(text: str, width: int, indent: str = "") -> str:
    """`text` broken into lines of at most `width`, keeping words whole where possible."""
    lines = textwrap.wrap(
        text,
        width=max(width, 8),
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
        drop_whitespace=True,
    )
    return "\n".join(lines) or text


def pane_width(widget: Widget) -> int:
    """The content width of the nearest widget around `widget` that was laid out (0: none
    was): what a widget that fills its pane will have, before it is first shown."""
    for pane in widget.ancestors:
        if not isinstance(pane, Widget):
            break
        width = pane.content_region.width
        if width > 0:
            return width
    return 0
