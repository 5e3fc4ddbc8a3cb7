"""The last look before a write is sent — one consume, one acknowledge, or many consumes from
the worklist: where it goes and what it is about, opened focused on **Cancel** (a reflexive
Enter sends nothing, as k9s' delete dialog), its confirming button named for the write. In
production something must be typed first, as the CLI asks (the order id's last 4, the
operation's word, or the number of purchases), judged as it is typed, so a glance is not
enough.

The kinds differ only in their summary, their button's word and what they ask to be typed
(confirm_consume.py, confirm_acknowledge.py, confirm_bulk_consume.py). Every value in a
summary comes from the reply or a paste: shown through `SafeText` (keys masked, escapes
visible) in `Content`, never markup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.tui.outside_text import SafeText, safe_text
from console.tui.widgets.safe_fields import SafeInput


@dataclass(frozen=True)
class Typed:
    """What production asks to be typed before the button is enabled."""

    expected: str
    what: str
    """How the help line names it: "the last 4 characters of the order id"."""
    short: str
    """How a mismatch names it: "the order id's last 4"."""
    look: str = "the order id"
    """Where to look again after a mismatch."""


class ConfirmWrite(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmWrite {
        align: center middle;
    }
    ConfirmWrite > Vertical {
        width: 84;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    ConfirmWrite.-mild > Vertical {
        border: thick $warning;
    }
    ConfirmWrite.-wide > Vertical {
        width: 96;
    }
    ConfirmWrite #summary-scroll {
        height: auto;
        max-height: 24;
    }
    ConfirmWrite #typed {
        margin-top: 1;
    }
    ConfirmWrite #typed-feedback {
        height: auto;
    }
    ConfirmWrite #buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmWrite Button {
        margin-left: 2;
    }
    """

    def __init__(
        self,
        summary: Callable[[SafeText], Content],
        button: str,
        typed: Typed | None,
        *,
        mild: bool = False,
        wide: bool = False,
    ) -> None:
        """`summary`: the content, made with the app's `SafeText` once mounted; `button`:
        the confirming button's label; `mild`: a write that moves no money (the warning
        border); `wide`: a summary that lists rows."""
        super().__init__()
        self.set_class(mild, "-mild")
        self.set_class(wide, "-wide")
        self._summary = summary
        self._button = button
        self._typed = typed

    def compose(self) -> ComposeResult:
        typed = self._typed
        with Vertical():
            summary = Static(self._summary(safe_text(self)), id="summary")
            if self.has_class("-wide"):
                # A long list of rows scrolls; the buttons stay in sight.
                with VerticalScroll(id="summary-scroll", can_focus=False):
                    yield summary
            else:
                yield summary
            if typed is not None:
                yield Static(
                    Content.assemble(
                        ("This is PRODUCTION. ", "bold $text-error"),
                        f"Type {typed.what} to enable {self._button.split()[0]}.",
                    ),
                    id="typed-help",
                )
                yield SafeInput(placeholder=typed.what, id="typed", max_length=len(typed.expected))
                # What was typed, judged as it is typed: a wrong entry says so at once.
                yield Static("", id="typed-feedback")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(
                    self._button, id="confirm", variant="error", disabled=typed is not None
                )

    def on_mount(self) -> None:
        # Cancel first, always: the typed field is one Tab away in production.
        self.query_one("#cancel", Button).focus()

    def _judge(self, text: str, *, submitted: bool) -> None:
        """Enable the button on a match; say plainly when what was typed does not match."""
        typed = self._typed
        assert typed is not None
        matches = text == typed.expected
        word = self._button.split()[0]
        self.query_one("#confirm", Button).disabled = not matches
        feedback = self.query_one("#typed-feedback", Static)
        if matches:
            feedback.update(
                Content.assemble(("✓ Matches: ", "bold $text-success"), f"{word} is enabled.")
            )
        elif text and (submitted or len(text) >= len(typed.expected)):
            shown = safe_text(self)(text)
            feedback.update(
                Content.assemble(
                    ("✗ ", "bold $text-error"),
                    (f"“{shown}” does not match {typed.short}", "bold $text-error"),
                    f": {word} stays off. Check {typed.look} above and type again.",
                )
            )
        else:
            feedback.update(Content())

    @on(Input.Changed, "#typed")
    def _typed_changed(self, event: Input.Changed) -> None:
        self._judge(event.value.strip(), submitted=False)

    @on(Input.Submitted, "#typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        # Enter in the field never sends: the button must be chosen.
        event.stop()
        text = event.value.strip()
        self._judge(text, submitted=True)
        if self._typed is not None and text == self._typed.expected:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if not self.query_one("#confirm", Button).disabled:
            self.dismiss(True)
