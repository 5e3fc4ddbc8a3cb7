"""Textual's footer, recomposed only when what it shows changes.

Textual's `Footer` rebuilds all its keys whenever the screen's bindings *may* have changed:
every focus change and every `refresh_bindings()` — several times per lookup, each time
mounting and styling a widget per key. Most of those leave every key, label and dimmed state
as it was; this footer then keeps the keys it has. What it shows is the same either way.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._composed: Hashable = None

    def _looks(self, screen: Screen[object]) -> Hashable:
        """Everything `Footer.compose` reads, as one comparable value."""
        app = screen.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    binding.action,
                    binding.description,
                    binding.show,
                    binding.tooltip,
                    binding.group,
                    app.get_key_display(binding),
                    enabled,
                    tooltip,
                )
                for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            ),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = self._looks(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._bindings_ready
            and self.is_attached
            and screen is self.screen
            and self._looks(screen) == self._composed
        ):
            return
        super().bindings_changed(screen)
