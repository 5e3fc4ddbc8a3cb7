"""Text widgets told what they already show do nothing; told other words that fill the same
lines, they are only repainted.

Every `Static.update` asks Textual for a layout of the whole screen and a repaint of the
widget, even when the words are the ones on screen or fill the lines they filled before: after
a lookup's answer, the banner, the line under the token field, the consume form's verdict and
the anomalies are told again what they say (a second lookup of a purchase says the same), the
headline gets its new time, and each such call, arriving in its own callback, cost a
whole-screen layout and redraw of its own (bench/frame_gap.py). Asked through here, the same
text in the same styles changes nothing, and new text in a box whose height stays is repainted
where it is.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.css.scalar import Unit
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
    width = static.content_size.width
    if not width or _width_follows_content(static):
        static.update(content)
        return True
    # Other words in a box whose width is fixed: the screen needs a layout only when they make
    # the box another height (a verdict of the same length, a headline's new time do not);
    # otherwise the widget is repainted where it is.
    static.update(content, layout=False)
    static.clear_cached_dimensions()
    if _height_for_content(static, width) != static.outer_size.height:
        static.refresh(layout=True)
    return True


def _height_for_content(static: Static, width: int) -> int | None:
    """The height a layout would give `static` for what it shows now at `width` columns; None
    when that is not simply its lines (a height in other units than lines, content-box)."""
    styles = static.styles
    if styles.box_sizing != "border-box":
        return None
    lines = static.get_content_height(static.container_size, static.app.size, width)
    height = lines + static.gutter.height
    fixed = styles.height
    if fixed is not None and not fixed.is_auto:
        return int(fixed.value) if fixed.unit is Unit.CELLS else None
    for limit, clamp in ((styles.min_height, max), (styles.max_height, min)):
        if limit is None:
            continue
        if limit.unit is not Unit.CELLS:
            return None
        height = clamp(height, int(limit.value))
    return height


def _width_follows_content(static: Static) -> bool:
    # No width given: the widget fills its container's, whatever it shows.
    width = static.styles.width
    return width is not None and width.is_auto
