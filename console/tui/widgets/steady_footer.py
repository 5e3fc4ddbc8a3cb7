"""Textual's footer, rebuilt only when what it shows changes, and then as little as it can.

Textual's `Footer` rebuilds all its keys whenever the screen's bindings *may* have changed:
every focus change and every `refresh_bindings()` — several times per lookup, each time
removing, mounting and styling a widget per key (tens of milliseconds: a frame missed, a
hitch while scrolling). This footer compares what it would show with what it shows:

- nothing changed (the bindings that changed are hidden ones, or a second signal for the same
  change) → it keeps what it has;
- keys changed but none is in a group → it updates the keys it has in place (key, label,
  dimmed or not, tooltip), mounts only the ones added and removes only the ones gone;
- otherwise (key groups, compact mode, the palette key) → Textual's own rebuild.

What it shows is the same either way: the same keys, in the same order, made the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class _Shown(NamedTuple):
    """One key as `Footer.compose` makes it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    grouped: bool


class _Looks(NamedTuple):
    """Everything `Footer.compose` reads, as one comparable value."""

    compact: bool
    keys: tuple[_Shown, ...]
    palette: _Shown | None


class SteadyFooter(Footer):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._composed: _Looks | None = None
        """What the keys show, or will show once a rebuild already asked for has run."""

    def _looks(self, screen: Screen[object]) -> _Looks:
        app = screen.app
        active = screen.active_bindings
        first_per_action: dict[str, _Shown] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in first_per_action:
                first_per_action[binding.action] = _Shown(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                    binding.group is not None,
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _, binding, enabled, _ = entry
                palette = _Shown(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    binding.tooltip or binding.description,
                    False,
                )
        return _Looks(self.compact, tuple(first_per_action.values()), palette)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = self._looks(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (
            self._bindings_ready
            and self.is_attached
            and screen is self.screen
            and screen.app.app_focus
        ):
            super().bindings_changed(screen)
            return
        looks = self._looks(screen)
        shown = self._composed
        if looks == shown:
            return
        self._composed = looks  # a second signal for the same change needs nothing more
        if shown is not None and self._in_place(shown, looks):
            self._update(looks)
        else:
            super().bindings_changed(screen)

    @staticmethod
    def _in_place(shown: _Looks, looks: _Looks) -> bool:
        """Whether the keys on screen can become `looks` one by one (no groups to rebuild)."""
        return (
            shown.compact == looks.compact
            and (shown.palette is None) == (looks.palette is None)
            and not any(key.grouped for key in (*shown.keys, *looks.keys))
        )

    def _update(self, looks: _Looks) -> None:
        widgets = list(self.query_children(FooterKey))
        palette = next((key for key in widgets if key.has_class("-command-palette")), None)
        keys = [key for key in widgets if key is not palette]
        for widget, shown in zip(keys, looks.keys, strict=False):
            _show(widget, shown)
        if palette is not None and looks.palette is not None:
            _show(palette, looks.palette)
        added = [
            FooterKey(
                shown.key,
                shown.display,
                shown.description,
                shown.action,
                disabled=not shown.enabled,
                tooltip=shown.tooltip,
            ).data_bind(compact=Footer.compact)
            for shown in looks.keys[len(keys) :]
        ]
        if added:
            self.mount(*added, before=palette)
        for gone in keys[len(looks.keys) :]:
            gone.remove()
        self.styles.grid_size_columns = len(looks.keys)


def _show(widget: FooterKey, shown: _Shown) -> None:
    """Make one key on screen show `shown`, as a new `FooterKey` for it would."""
    resized = (widget.key_display, widget.description) != (shown.display, shown.description)
    widget.key = shown.key
    widget.key_display = shown.display
    widget.description = shown.description
    widget.action = shown.action
    widget._disabled = not shown.enabled
    widget.set_class(not shown.enabled, "-disabled")
    widget.tooltip = shown.tooltip or None
    if resized:
        widget.clear_cached_dimensions()
    widget.refresh(layout=resized)
