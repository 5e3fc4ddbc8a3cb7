"""The key footer: one widget that draws its keys as one line, redrawn only when they change.

Textual's `Footer` is a container of one `FooterKey` widget per key, rebuilt on every focus
change; updating those widgets in place still asks for a layout whenever a key's width
changes or a key comes or goes, and Textual then lays out and re-renders the whole screen
(tens of milliseconds: a frame missed after every focus change). This footer has no children:
it compares the keys it would show with the keys it shows and, when they differ, repaints its
one line — never a layout.

It looks exactly like Textual's footer: the same `footer-key--key` / `footer-key--description`
component classes with Textual's CSS values, the item background, hover and dimmed (disabled)
keys, the command-palette key docked right behind its `▏` border, keys that do not fit cut
at the edge (the palette key drawn over them). A click runs a key the way `FooterKey` does
(`app.simulate_key`, the bell for a dimmed one); the key under the mouse is highlighted and
its tooltip shown. None of our bindings has a key group, so groups are not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.css.styles import StylesBase
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

_KEY = "footer-key--key"
_DESCRIPTION = "footer-key--description"
_ITEM = "steady-footer--item"
_HOVER = "steady-footer--hover"
_DISABLED = "steady-footer--disabled"
_PALETTE_BORDER = "steady-footer--palette-border"
_PALETTE_KEY = "steady-footer--palette-key"
_PALETTE_DESCRIPTION = "steady-footer--palette-description"
_PALETTE_EDGE = "▏"  # Textual's `vkey` border, left edge


class FooterEntry(NamedTuple):
    """One key the footer shows."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


class _Looks(NamedTuple):
    """Everything the footer shows, as one comparable value."""

    keys: tuple[FooterEntry, ...]
    palette: FooterEntry | None


class _Placed(NamedTuple):
    """Where one key is drawn: cells [start, end) of the line."""

    start: int
    end: int
    entry: FooterEntry


class SteadyFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        _KEY,
        _DESCRIPTION,
        _ITEM,
        _HOVER,
        _DISABLED,
        _PALETTE_BORDER,
        _PALETTE_KEY,
        _PALETTE_DESCRIPTION,
    }
    # Textual's Footer and FooterKey CSS, the FooterKey rules as component classes.
    DEFAULT_CSS = """
    SteadyFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .steady-footer--item {
            background: $footer-item-background;
        }
        .steady-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .steady-footer--disabled {
            text-style: dim;
        }
        .steady-footer--palette-border {
            color: $foreground 20%;
        }
        /* Textual's palette FooterKey is always compact: its paddings. */
        .steady-footer--palette-key {
            padding: 0;
        }
        .steady-footer--palette-description {
            padding: 0 0 0 1;
        }
        &.-compact {
            .footer-key--key {
                padding: 0;
            }
            .footer-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    """Display in compact style (a space between keys, less padding)."""
    show_command_palette = reactive(True)
    """Show the key to invoke the command palette, on the right of the footer."""

    def __init__(self, *, id: str | None = None, compact: bool = False) -> None:
        super().__init__(id=id)
        self.set_reactive(SteadyFooter.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._looks_now = _Looks((), None)
        self._hovered: FooterEntry | None = None
        self._placed: list[_Placed] = []
        self._scroll_x = 0
        """How far the wheel scrolled the keys left (cells)."""
        self._overflow = 0
        """How many cells of keys do not fit."""

    @property
    def shown(self) -> tuple[FooterEntry, ...]:
        """The keys on the footer, left to right, the palette key last."""
        looks = self._looks_now
        return looks.keys if looks.palette is None else (*looks.keys, looks.palette)

    @property
    def hovered(self) -> str | None:
        """The description of the key under the mouse (highlighted), if any."""
        return None if self._hovered is None else self._hovered.description

    def cells_of(self, description: str) -> tuple[int, int] | None:
        """The cells [start, end) of the line the key with this description is drawn in."""
        for placed in self._placed:
            if placed.entry.description == description and placed.start < placed.end:
                return placed.start, placed.end
        return None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        looks = self._looks(screen)
        if looks == self._looks_now:
            return  # hidden bindings changed, or a second signal for the same change
        self._looks_now = looks
        self.refresh()  # one line repainted: the footer's size never depends on its keys

    def _looks(self, screen: Screen[object]) -> _Looks:
        """The keys `Footer.compose` would make: the first binding shown per action."""
        app = screen.app
        active = screen.active_bindings
        first_per_action: dict[str, FooterEntry] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in first_per_action:
                first_per_action[binding.action] = FooterEntry(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _, binding, enabled, _ = entry
                palette = FooterEntry(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return _Looks(tuple(first_per_action.values()), palette)

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        looks = self._looks_now
        placed: list[_Placed] = []
        segments: list[Segment] = []
        x = 0
        gap = Segment(" ", self._footer_style()) if self.compact else None
        for entry in looks.keys:
            drawn = self._key_segments(entry)
            end = x + Segment.get_line_length(drawn)
            placed.append(_Placed(x, end, entry))
            segments.extend(drawn)
            x = end
            if gap is not None:  # FooterKey's `margin-right: 1` in compact mode
                segments.append(gap)
                x += 1
        palette = [] if looks.palette is None else self._palette_segments(looks.palette)
        start = max(0, width - Segment.get_line_length(palette))  # where the palette key is
        # Keys beyond the edge are cut there; the wheel scrolls them in (as Textual's footer).
        self._overflow = max(0, x - start)
        offset = self._scroll_x = min(self._scroll_x, self._overflow)
        line = Strip(segments).crop(offset, offset + start)
        line = Strip.join([line.extend_cell_length(start, self._footer_style()), Strip(palette)])
        line = line.crop(0, width)
        placed = [
            _Placed(max(0, at.start - offset), min(start, at.end - offset), at.entry)
            for at in placed
            if at.start - offset < start and at.end - offset > 0
        ]
        if looks.palette is not None:
            placed.append(_Placed(start, width, looks.palette))
        self._placed = placed
        return line

    def _key_segments(self, entry: FooterEntry, *, palette: bool = False) -> list[Segment]:
        """One key as `FooterKey.render` draws it (its content, without its box)."""
        item = self._item_levels(entry)
        item_style = self._style(item)
        key_styles = self._component(_KEY)
        key_style = item_style + self._style([*item, key_styles])
        if not entry.description:
            return [Segment(entry.display, key_style)]
        description_styles = self._component(_DESCRIPTION)
        description_style = item_style + self._style([*item, description_styles])
        if palette:  # not bound to the footer's `compact`: FooterKey's default, compact
            key_padding = self._component(_PALETTE_KEY).padding
            description_padding = self._component(_PALETTE_DESCRIPTION).padding
        else:
            key_padding = key_styles.padding
            description_padding = description_styles.padding
        return [
            Segment(" " * key_padding.left + entry.display + " " * key_padding.right, key_style),
            Segment(
                " " * description_padding.left
                + entry.description
                + " " * description_padding.right,
                description_style,
            ),
        ]

    def _palette_segments(self, entry: FooterEntry) -> list[Segment]:
        """The palette key with its box: `border-left: vkey $foreground 20%`, `padding-right`."""
        base = self._background([])
        inner = base + self._background_over(self._item_levels(entry))
        inner_style = Style.from_color(bgcolor=inner.rich_color)
        edge_color = base + self._component(_PALETTE_BORDER).color
        edge = Segment(_PALETTE_EDGE, Style.from_color(edge_color.rich_color, inner.rich_color))
        padding = [] if self.compact else [Segment(" ", inner_style)]
        return [edge, *self._key_segments(entry, palette=True), *padding]

    def _footer_style(self) -> Style:
        return Style.from_color(bgcolor=self._background([]).rich_color)

    def _component(self, name: str) -> StylesBase:
        return self.get_component_styles(name)

    def _item_levels(self, entry: FooterEntry) -> list[StylesBase]:
        """The styles a `FooterKey` adds: its background, the hover's, `-disabled`'s dim."""
        names = [_ITEM]
        if entry == self._hovered:
            names.append(_HOVER)
        if not entry.enabled:
            names.append(_DISABLED)
        return [self.get_component_styles(*names)]

    def _chain(self, extra: Iterable[StylesBase]) -> list[tuple[StylesBase, float]]:
        """Each style from the screen down to `extra`, with the node's opacity."""
        chain: list[tuple[StylesBase, float]] = [
            (node.styles, node.styles.opacity) for node in reversed(self.ancestors_with_self)
        ]
        chain.extend((styles, 1.0) for styles in extra)
        return chain

    def _background(self, extra: list[StylesBase]) -> Color:
        """The background behind `extra` (behind this footer's content when empty)."""
        background = Color(0, 0, 0, 0)
        opacity = 1.0
        for styles, node_opacity in self._chain(extra):
            opacity *= node_opacity
            if styles.has_rule("background"):
                background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
        return background

    @staticmethod
    def _background_over(extra: list[StylesBase]) -> Color:
        """The background `extra` alone lays over whatever is behind it."""
        background = Color(0, 0, 0, 0)
        for styles in extra:
            if styles.has_rule("background"):
                background += styles.background.tint(styles.background_tint)
        return background

    def _style(self, extra: list[StylesBase]) -> Style:
        """`DOMNode.rich_style` as a node would have it under this footer with `extra`'s rules."""
        background = Color(0, 0, 0, 0)
        color = Color(255, 255, 255, 0)
        style = Style()
        opacity = 1.0
        for styles, node_opacity in self._chain(extra):
            opacity *= node_opacity
            if styles.has_rule("background"):
                text_background = background + styles.background.tint(styles.background_tint)
                background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
            else:
                text_background = background
            if styles.has_rule("color"):
                color = styles.color
            style += styles.text_style
            if styles.has_rule("auto_color") and styles.auto_color:
                color = text_background.get_contrast_text(color.a)
        style += Style.from_color(
            (background + color).rich_color if (background.a or color.a) else None,
            background.rich_color if background.a else None,
        )
        return style

    # --- the mouse ----------------------------------------------------------------------

    def _entry_at(self, x: int) -> FooterEntry | None:
        for placed in reversed(self._placed):  # the palette key, drawn last, is on top
            if placed.start <= x < placed.end:
                return placed.entry
        return None

    def _hover(self, entry: FooterEntry | None) -> None:
        if entry == self._hovered:
            return
        self._hovered = entry
        self.tooltip = (entry.tooltip or None) if entry is not None else None
        self.styles.pointer = "default" if entry is None else "pointer"  # FooterKey's `:hover`
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._entry_at(event.x))

    def _scroll_keys(self, by: int, event: events.MouseScrollDown | events.MouseScrollUp) -> None:
        scroll_x = max(0, min(self._overflow, self._scroll_x + by))
        if scroll_x != self._scroll_x:
            self._scroll_x = scroll_x
            self.refresh()
            event.stop()
            event.prevent_default()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_keys(int(self.app.scroll_sensitivity_x), event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_keys(-int(self.app.scroll_sensitivity_x), event)

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()
