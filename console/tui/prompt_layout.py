"""An answer laid out in the callback that shows it, not some frames later.

When a lookup's answer replaces the loading indicator, the parts that change ask Textual for a
layout of the screen. That request travels: each part passes it on from its own idle turn,
the screen takes it from its queue, and the screen's update timer runs it at its next tick.
Meanwhile the event loop serves whatever else came — typically the key a user pressed right
after Enter: a Tab into the field table, whose focus and restyling then land in the same frame
as the answer's layout, and the requests still arriving make a second layout after it. That
frame carried both (60-70 ms on a quiet machine, 110-130 on a busy one: bench/frame_gap.py).
Laid out at once, the answer is drawn in its own frame and the focus in the next.

There is no public way to ask Textual for this, so it does here what Textual does itself:
for each widget that asked for a layout, what its idle turn would do (its containers forget
their arrangement, so the new height of a text is taken), then the screen's layout and frame
(`Screen._refresh_layout`, what its update timer calls). The requests are then answered, and
none is sent. Textual is held below 8.3 in pyproject.toml, and
tests/tui/test_console_answer_layouts.py fails if these internals change.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def lay_out_now(screen: Screen[Any]) -> None:
    """Lay `screen` out and draw it now, if it is the one shown and no batch of updates is
    open (a batch draws when it closes)."""
    if not screen.is_current or screen.app._batch_count:
        return
    for widget in screen.walk_children(Widget):
        if widget._layout_required:
            widget._layout_required = False
            _forget_arrangements_around(widget)
    screen._refresh_layout()
    screen._layout_required = False


def _forget_arrangements_around(widget: Widget) -> None:
    """As Textual's `Widget._check_refresh` does for a layout: the containers up to the first
    one whose size does not follow its content arrange their children again."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break
