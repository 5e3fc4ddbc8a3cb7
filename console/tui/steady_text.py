"""Text widgets told what they already show do nothing.

Every `Static.update` asks Textual for a layout of the whole screen and a repaint of the
widget, even when the words are the ones on screen: after a lookup's answer, the banner, the
line under the token field, the consume form's verdict and the anomalies are told again what
they say (a second lookup of a purchase says the same), and each such call, arriving in its own
callback, cost a whole-screen layout and redraw of its own (bench/frame_gap.py). Asked through
here, the same text in the same styles changes nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static


def same_content(one: Content, other: Content) -> bool:
    """The same text in the same styles (`Content`'s own `==` compares the text only: a value
    that turned from good to bad would keep its old colour)."""
    return one.plain == other.plain and list(one.spans) == list(other.spans)


def same_text(one: Text, other: Text) -> bool:
    """The same Rich text in the same styles (and the same base style)."""
    return one.plain == other.plain and one.spans == other.spans and one.style == other.style


def show(static: Static, content: Content | Text | str) -> bool:
    """Show `content` in `static` unless it shows just that already; True when it changed."""
    shown = static.content
    if isinstance(content, str) and isinstance(shown, str):
        unchanged = content == shown
    elif isinstance(content, Content) and isinstance(shown, Content):
        unchanged = same_content(content, shown)
    elif isinstance(content, Text) and isinstance(shown, Text):
        unchanged = same_text(content, shown)
    else:
        unchanged = False
    if unchanged:
        return False
    static.update(content)
    return True
