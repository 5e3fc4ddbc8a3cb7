"""Copying what is on screen to the clipboard (OSC 52): a field's value, any value picked from
a list, the request as a curl line — each scrubbed of every key the session knows."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.history.scrub import scrub
from console.payments.decode import DecodedField
from console.tui.clipboard import copy_choices
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
        screen.console.search_commands(
            [
                (label, partial(self.copy, label, value), preview)
                for label, value, preview in copy_choices(outcome)
            ],
            placeholder="Copy which value?",
        )

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
        self.copy("curl line (the key stays in its variable)", desk.curl_for(outcome.request))

    def copy(self, label: str, value: str) -> None:
        screen = self._screen
        text = scrub(value, screen.console.workspace.secrets())
        screen.console.copy_to_clipboard(text)
        shown = text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "…"
        screen.notify(f"Copied {label}: {shown}", timeout=4)
