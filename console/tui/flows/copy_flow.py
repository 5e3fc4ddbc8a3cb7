"""Copying what is on screen to the clipboard (OSC 52): a field's value, any value picked from
a list, the request as a curl line — each with every key the session knows masked.

The clipboard gets the value as now.gg sent it (control characters included: it is data, and
OSC 52 carries it base64-encoded); the picker and the toasts show it printable, as plain text.
A curl line keeps control characters as `$'\x1b'` pieces, so it pastes into a shell as the
exact request without writing anything raw to the terminal it is pasted into."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.key_masking import mask_keys
from console.payments import DecodedField
from console.text_safety import printable_shell
from console.tui.clipboard import copy_choices
from console.tui.outside_text import safe_text
from console.tui.palette import plain_palette
from console.tui.widgets.purchase_detail import FieldTable, copyable

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen

_SHOWN_LENGTH = 60


class CopyFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def copy_value(self) -> None:
        """ctrl+y: the selected field's value, else a pick of every value."""
        screen = self._screen
        focused = screen.focused
        if isinstance(focused, FieldTable) and (field := focused.selected()) is not None:
            self.copy_field(field)
            return
        outcome = screen.result.outcome
        if outcome is None:
            screen.notify("Nothing to copy yet: look a purchase up first.")
            return
        safe = safe_text(screen)
        entries = [
            (safe(label), partial(self.copy, label, value), safe(preview))
            for label, value, preview in copy_choices(outcome)
        ]
        screen.console.push_screen(plain_palette(screen, entries, "Copy which value?"))

    def copy_field(self, field: DecodedField) -> None:
        value = copyable(field)
        if value is None:
            self._screen.notify(f"{field.label}: not in the reply, nothing to copy.")
            return
        self.copy(field.label, value)

    def copy_curl(self) -> None:
        screen = self._screen
        outcome = screen.result.outcome
        if outcome is None or outcome.request is None:
            screen.notify("No request to copy yet: look a purchase up first.")
            return
        desk = screen.console.workspace.desk(outcome.environment)
        line = printable_shell(desk.curl_for(outcome.request))
        self.copy("curl line (the key stays in its variable)", line)

    def copy(self, label: str, value: str) -> None:
        screen = self._screen
        text = mask_keys(value, screen.console.known_keys())
        screen.console.copy_to_clipboard(text)
        shown = text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "…"
        screen.notify(f"Copied {label}: {shown}", timeout=4)
