"""A table's styles read once per drawing instead of once per line.

Textual's DataTable asks, for every line it draws, for its own Rich style, its background
colours and its header's style; each answer walks every ancestor up to the screen (ten nodes on
the purchase tab) and blends their colours. Drawing the field table anew — on each answer, on
focus or blur, on a resize — did that 60 times for 23 lines: about a third of the 20–30 ms the
table took, in the very frame that shows an answer.

Nothing can change a style while one `render_lines` call runs (it is synchronous, on the event
loop, and styles only change in message handlers), so within one call the first answer holds
for the rest. Outside a drawing every read is Textual's own, unmemoized.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from rich.style import Style
from textual.color import Color
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

CellType = TypeVar("CellType")


class _ComponentStylesOfPass:
    """A component's styles during one drawing: its Rich style read once."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self._rich_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        if self._rich_style is None:
            self._rich_style = self._styles.rich_style
        return self._rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)


class StylesOncePerDrawingTable(DataTable[CellType]):
    """A DataTable whose Rich style, background colours and component styles are computed
    once within one `render_lines`. (A subclass, not a mixin: Textual takes a widget's CSS and
    component classes from its first base only.)"""

    _drawing: dict[object, object] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    @property
    def rich_style(self) -> Style:
        drawing = self._drawing
        if drawing is None:
            return super().rich_style
        if "rich_style" not in drawing:
            drawing["rich_style"] = super().rich_style
        return cast(Style, drawing["rich_style"])

    @property
    def background_colors(self) -> tuple[Color, Color]:
        drawing = self._drawing
        if drawing is None:
            return super().background_colors
        if "background_colors" not in drawing:
            drawing["background_colors"] = super().background_colors
        return cast(tuple[Color, Color], drawing["background_colors"])

    def get_component_styles(self, *names: str) -> RenderStyles:
        drawing = self._drawing
        if drawing is None:
            return super().get_component_styles(*names)
        if names not in drawing:
            drawing[names] = _ComponentStylesOfPass(super().get_component_styles(*names))
        # Read by the table's drawing code for `rich_style` (and passed through for anything
        # else): the same object everywhere but in its memory of that one style.
        return cast(RenderStyles, drawing[names])
