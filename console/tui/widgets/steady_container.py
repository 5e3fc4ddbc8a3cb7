"""Containers that keep the lines they drew when only their height changes.

When the in-flight line appears under the token field (a lookup starts) and goes (its answer
arrives), the whole body below it moves down one line and gets one line shorter, then back.
Textual then throws away every line each container of the body had drawn and draws them all
again — blank lines of background, a whole screen of them for the five nested containers of
the purchase tab — and once the new size is known it lays the screen out a second time,
because each container's scrollable size changed too. That was most of the two heaviest
frames of a lookup (bench/frame_gap.py: about 1,200 and 1,600 strips drawn; 160 and 360
without it).

A container here draws only its background: no border, no outline, no keylines, nothing
scrolls (overflow hidden, not scrolled). Each
of its lines then depends on the line's number and the width only, so when the width stays,
the lines it has are still right: lines it never had are drawn (a taller pane), the rest are
kept; the screen's reflow redraws the regions that moved. Its scrollable size is kept up to
date without asking for another layout: nothing scrolls in it. Any other change (the width,
a border, a first size) goes Textual's own way.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

_NO_EDGE = ("", "none", "hidden")


class SteadyContainer(Widget):
    """Mixed in after a container class (`class Pane(Vertical, SteadyContainer)`): Textual
    takes a widget's default CSS from the first base only, so the container comes first."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if not self._keeps_lines(size):
            return super()._size_updated(size, virtual_size, container_size, layout)
        # What Textual's own does, less throwing the lines away: the second layout that a new
        # scrollable size asks for still comes (what is inside may be placed by it), without
        # a redraw.
        self._layout_cache.clear()
        self._size = size
        if virtual_size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, virtual_size)
            if layout:
                self.refresh(repaint=False, layout=True)
        self._container_size = container_size
        return True

    def _keeps_lines(self, size: Size) -> bool:
        """Whether each line drawn at the old size is still right at `size`."""
        before = self._size
        styles = self.styles
        return (
            before.width == size.width
            and before.height > 0
            and before != size
            and styles.overflow_x == "hidden"
            and styles.overflow_y == "hidden"
            and self.scroll_offset == (0, 0)
            and all(edge in _NO_EDGE for edge, _ in styles.border)
            and all(edge in _NO_EDGE for edge, _ in styles.outline)
            and styles.keyline[0] not in ("thin", "heavy", "double")
        )


class SteadyVertical(Vertical, SteadyContainer):
    """A `Vertical` that keeps its lines when only its height changes."""


class SteadyHorizontal(Horizontal, SteadyContainer):
    """A `Horizontal` that keeps its lines when only its height changes."""


class SteadyTabbedContent(TabbedContent, SteadyContainer):
    """A `TabbedContent` that keeps its lines when only its height changes."""


class SteadyTabPane(TabPane, SteadyContainer):
    """A `TabPane` that keeps its lines when only its height changes."""
