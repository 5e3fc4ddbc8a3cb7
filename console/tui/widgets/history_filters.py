"""The history pane's filter bar: free text (a token, an order id, a note, an environment),
an operator (exactly as on the entries: a shared history has many), an action and an outcome.
Typing is debounced, so pasting a token does not query the history at every key; the pane
reads the chosen values when it hears `Changed`."""

from __future__ import annotations

from typing import Final

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select

from console.history import Action, Outcome
from console.history.export import OUTCOME_WORDS
from console.tui.widgets.safe_fields import SafeInput

_TYPING_DELAY_S: Final = 0.25


class HistoryFilters(Horizontal):
    class Changed(Message):
        """A filter changed (typing has paused): list again."""

    class Submitted(Message):
        """Enter in the text filter: list again now, and go to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._typing_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SafeInput(
            placeholder="Filter: token, order id, note or environment",
            id="history-filter",
        )
        yield SafeInput(placeholder="Operator", id="history-operator")
        yield Select(
            [(action.value, action) for action in Action],
            prompt="Any action",
            id="history-action",
        )
        yield Select(
            [(words, outcome) for outcome, words in OUTCOME_WORDS.items()],
            prompt="Any outcome",
            id="history-outcome",
        )

    @property
    def text(self) -> str:
        return self.query_one("#history-filter", SafeInput).data

    @property
    def operator(self) -> str | None:
        """The operator asked for (runs of spaces count as one, as in the names stored);
        None when the field is blank."""
        name = " ".join(self.query_one("#history-operator", SafeInput).data.split())
        return name or None

    def set_operator(self, name: str | None) -> None:
        """Set (or, None, clear) the operator filter; the list is read again at once."""
        field = self.query_one("#history-operator", SafeInput)
        field.value = name or ""
        self.settle()
        self.post_message(self.Changed())

    @property
    def action(self) -> Action | None:
        value = self.query_one("#history-action", Select).value
        return value if isinstance(value, Action) else None

    @property
    def outcome(self) -> Outcome | None:
        value = self.query_one("#history-outcome", Select).value
        return value if isinstance(value, Outcome) else None

    def settle(self) -> None:
        """The list is read now anyway: a pending `Changed` would only read it again."""
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None

    def focus_text(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.settle()
        self._typing_timer = self.set_timer(
            _TYPING_DELAY_S, lambda: self.post_message(self.Changed())
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.settle()
        self.post_message(self.Submitted())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())
