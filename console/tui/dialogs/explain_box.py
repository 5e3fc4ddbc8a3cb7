"""The explain box: type a code, read what it means where it comes from — the server's reply
and the client SDK's `BillingResponse` side by side, because their numbers overlap (102 and
3901 both mean an invalid token, in two different places) and a ticket rarely says which.

A code nobody documented is said to be one, with the documented codes nearest to it. The
text comes from the one error catalog (`console.payments`), the same as `explain CODE`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from console.payments import Explanation, explain_code, nearest_codes
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import EXPLAIN, Scope
from console.tui.outside_text import safe_text
from console.tui.widgets.safe_fields import SafeInput

_MAX_DIGITS = 9


class ExplainBox(ModalScreen[None]):
    DEFAULT_CSS = """
    ExplainBox {
        align: center middle;
    }
    ExplainBox #explain-box {
        width: 94%;
        max-width: 140;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ExplainBox #explain-code {
        width: 30;
        margin: 1 0 0 0;
    }
    ExplainBox #explain-columns {
        height: 1fr;
    }
    ExplainBox .explain-column {
        width: 1fr;
        padding: 0 1;
        border-top: solid $primary;
        border-title-color: $text;
    }
    ExplainBox #explain-note {
        color: $text-muted;
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = scope_bindings(EXPLAIN)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = EXPLAIN

    def __init__(self, code: str = "") -> None:
        super().__init__()
        use_keymap(self, EXPLAIN)
        self._code = code

    def compose(self) -> ComposeResult:
        with Vertical(id="explain-box"):
            yield Label(
                "Explain a code: what it means from the server, and from the client SDK",
                markup=False,
            )
            yield SafeInput(
                self._code, placeholder="a code, e.g. 3901, 102 or -1", id="explain-code"
            )
            yield Static("", id="explain-note")
            with Horizontal(id="explain-columns"):
                server = VerticalScroll(classes="explain-column", id="explain-server-column")
                server.border_title = "Server: the reply's code"
                with server:
                    yield Static("", id="explain-server")
                client = VerticalScroll(classes="explain-column", id="explain-client-column")
                client.border_title = "Client SDK: BillingResponse, from game logs"
                with client:
                    yield Static("", id="explain-client")

    def on_mount(self) -> None:
        self.query_one("#explain-code", SafeInput).focus()
        self._show(self._code)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._show(event.value)

    def action_close(self) -> None:
        self.dismiss(None)

    def _show(self, typed: str) -> None:
        text = typed.strip()
        server = self.query_one("#explain-server", Static)
        client = self.query_one("#explain-client", Static)
        note = self.query_one("#explain-note", Static)
        safe = safe_text(self)
        if not text:
            note.update(Content("Type a code: a whole number, as the reply or the log shows it."))
            server.update(Content(""))
            client.update(Content(""))
            return
        digits = text.lstrip("+-")
        if not digits.isdigit() or len(digits) > _MAX_DIGITS:
            note.update(Content(safe(f"{text!r} is not a code: give a whole number such as 3901.")))
            server.update(Content(""))
            client.update(Content(""))
            return
        code = int(text)
        found = explain_code(code)
        by_source = {str(entry.source): entry for entry in found}
        server.update(Content(_described(by_source.get("server"), code, "the server")))
        client.update(Content(_described(by_source.get("client-sdk"), code, "the client SDK")))
        if found:
            both = len(found) == 2
            note.update(
                Content(
                    f"{code} means something in both places: read the one the ticket quotes."
                    if both
                    else f"{code} is documented in one place only."
                )
            )
        else:
            nearest = ", ".join(str(number) for number in nearest_codes(code))
            note.update(
                Content(
                    f"{code} is not a documented code: neither the server nor the client SDK "
                    f"has it. The nearest documented codes: {nearest}."
                )
            )


def _described(entry: Explanation | None, code: int, where: str) -> str:
    if entry is None:
        return f"{where[0].upper()}{where[1:]} has no code {code}."
    lines = [entry.title, "", entry.meaning, "", "Likely causes:"]
    lines += [f"  • {cause}" for cause in entry.causes]
    lines += ["", "What to do:"]
    lines += [f"  {number}. {step}" for number, step in enumerate(entry.next_steps, start=1)]
    lines += [
        "",
        "Retrying the same request is safe." if entry.retry_safe else "Do not simply retry.",
    ]
    return "\n".join(lines)
