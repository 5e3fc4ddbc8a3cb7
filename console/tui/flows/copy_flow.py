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
from console.text_safety import printable_shell
from console.tui.outside_text import SafeText

if TYPE_CHECKING:
    from console.payments import DecodedField

    from .host import FlowHost

_SHOWN_LENGTH = 60


class CopyFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    def copy_value(self) -> None:
        """ctrl+y: the selected field's value, else a pick of every value."""
        # Loaded with the purchase pane, after the first frame (result_area.py).
        from console.tui.clipboard import copy_choices
        from console.tui.widgets.purchase_detail import FieldTable

        host = self._host
        focused = host.focused
        if isinstance(focused, FieldTable) and (field := focused.selected()) is not None:
            self.copy_field(field)
            return
        outcome = host.result.outcome
        if outcome is None:
            host.notify("Nothing to copy yet: look a purchase up first.")
            return
        safe = SafeText.knowing(host.session.known_keys())
        entries = [
            (safe(label), partial(self.copy, label, value), safe(preview))
            for label, value, preview in copy_choices(outcome)
        ]
        host.pick(entries, "Copy which value?")

    def copy_field(self, field: DecodedField) -> None:
        from console.tui.widgets.purchase_detail import copyable

        value = copyable(field)
        if value is None:
            self._host.notify(f"{field.label}: not in the reply, nothing to copy.")
            return
        self.copy(field.label, value)

    def copy_curl(self) -> None:
        host = self._host
        outcome = host.result.outcome
        if outcome is None or outcome.request is None:
            host.notify("No request to copy yet: look a purchase up first.")
            return
        desk = host.session.workspace.desk(outcome.environment)
        line = printable_shell(desk.curl_for(outcome.request))
        self.copy("curl line (the key stays in its variable)", line)

    def copy(self, label: str, value: str) -> None:
        host = self._host
        text = mask_keys(value, host.session.known_keys())
        shown = text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "…"
        safe = SafeText.knowing(host.session.known_keys())
        host.copy_to_clipboard(text, safe(f"Copied {label}: {shown}"), safe(label))
