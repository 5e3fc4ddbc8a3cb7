"""The acknowledge form, beside the consume form in the purchase view (below it in the same
column; a bar below the purchase on a narrow screen, like the consume's): the deadline to
acknowledge (purchase time + 3 days) and the time left — coloured as it nears —, "Force", the
Acknowledge button (ctrl+k), and after an attempt now.gg's answer (the proof: the verify
cannot show an acknowledgement).

It shows only when the purchase on screen is, or may be, a subscription: the console knows it
is one (the operator said so with ctrl+k or the palette, the history holds an acknowledge of
its token here, or this session acknowledged it), or it is paid, not consumed and still
within its 3 days — a purchase any subscription could be. Nothing is read into the verify
reply, which has no such field; the anomaly "subscription not acknowledged: N hours left"
shows only when the console knows.

It shows what the desk's guards and the flow found, it does not judge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Static

from console.tui import steady_text
from console.tui.outside_text import safe_text
from console.tui.widgets.deadline_text import URGENCY_STYLES, deadline_content

if TYPE_CHECKING:
    from console.desk import LookupOutcome, WriteOutcome
    from console.payments import AcknowledgeDeadline


@dataclass(frozen=True)
class Subscription:
    """What the console knows of the purchase on screen as a subscription."""

    known: bool
    """The operator marked it, the history or this session saw an acknowledge of it."""
    acknowledged: bool
    """now.gg accepted an acknowledge of it (or answered 5002), here."""


class AcknowledgeForm(Vertical):
    DEFAULT_CSS = """
    AcknowledgeForm {
        display: none;
        height: auto;
        padding: 0 1;
        border: round $secondary;
        border-title-color: $text;
        border-title-style: bold;
    }
    AcknowledgeForm.-shown {
        display: block;
    }
    AcknowledgeForm > Static {
        height: auto;
    }
    AcknowledgeForm #ack-anomaly {
        display: none;
    }
    AcknowledgeForm #ack-anomaly.-said {
        display: block;
    }
    AcknowledgeForm #ack-actions {
        height: auto;
    }
    AcknowledgeForm #acknowledge {
        width: 1fr;
    }
    AcknowledgeForm #ack-force {
        margin-left: 1;
    }
    /* A narrow screen: a bar below the consume's, the deadline and the button in sight. */
    AcknowledgeForm.-compact {
        border: none;
        border-top: solid $secondary;
    }
    AcknowledgeForm.-compact #acknowledge {
        width: auto;
    }
    """

    class Requested(Message):
        """Acknowledge the subscription on screen (the flow checks and confirms)."""

        def __init__(self, force: bool) -> None:
            super().__init__()
            self.force = force

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.token: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="ack-deadline")
        yield Static("", id="ack-anomaly")
        with Horizontal(id="ack-actions"):
            yield Button("Acknowledge…", id="acknowledge", variant="warning", disabled=True)
            yield Checkbox("Force", value=False, id="ack-force", compact=True)
        yield Static("", id="ack-result")

    def on_mount(self) -> None:
        self.border_title = "Acknowledge subscription"

    def set_compact(self, compact: bool) -> None:
        """A bar below the consume's (narrow screens), or below it in the column."""
        self.set_class(compact, "-compact")
        self.query_one("#acknowledge", Button).compact = compact

    @property
    def force(self) -> bool:
        return self.query_one("#ack-force", Checkbox).value

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def show_purchase(
        self,
        outcome: LookupOutcome | None,
        deadline: AcknowledgeDeadline | None,
        subscription: Subscription,
    ) -> None:
        """The purchase on screen and its deadline as of now; hidden when it cannot be a
        subscription still to acknowledge and the console does not know it as one."""
        decoded = outcome.decoded if outcome is not None else None
        query = outcome.query if outcome is not None else None
        new_token = query.token if query is not None and decoded is not None else None
        if new_token != self.token:
            self.query_one("#ack-force", Checkbox).value = False
            steady_text.show(self.query_one("#ack-result", Static), "")
        self.token = new_token
        may_be = (
            decoded is not None
            and decoded.is_paid
            and not decoded.is_consumed
            and deadline is not None
            and not deadline.passed
        )
        self.set_class(self.token is not None and (subscription.known or may_be), "-shown")
        self.query_one("#acknowledge", Button).disabled = self.token is None
        steady_text.show(self.query_one("#ack-deadline", Static), deadline_content(deadline))
        anomaly = self.query_one("#ack-anomaly", Static)
        said: Content | None = None
        if subscription.acknowledged:
            said = Content.assemble(("Acknowledged ", "bold $text-success"), "(seen here).")
        elif subscription.known and deadline is not None and not deadline.passed:
            said = Content.assemble(
                ("⚠ subscription not acknowledged: ", URGENCY_STYLES[deadline.urgency.value]),
                f"{deadline.hours_left} hours left",
            )
        anomaly.set_class(said is not None, "-said")
        steady_text.show(anomaly, said or "")

    def set_busy(self, busy: bool) -> None:
        button = self.query_one("#acknowledge", Button)
        button.label = "Acknowledging… (cannot be cancelled)" if busy else "Acknowledge…"
        button.disabled = busy or self.token is None

    def show_refusal(self, message: str, forceable: bool) -> None:
        hint = "  Tick Force to override, deliberately." if forceable else ""
        self.query_one("#ack-result", Static).update(
            Content.assemble(("Refused: ", "bold $text-error"), safe_text(self)(message), hint)
        )

    def show_outcome(self, outcome: WriteOutcome) -> None:
        """What came of it: the summary, the failure's explanation, now.gg's reply."""
        safe = safe_text(self)
        parts: list[str | tuple[str, str]] = [
            (
                f"{outcome.status.value.upper()}: ",
                "bold $text-success" if outcome.done else "bold $text-error",
            ),
            safe(outcome.summary),
        ]
        failure = outcome.failure
        if failure is not None:
            explanation = failure.explanation
            parts += [("\n" + safe(explanation.name) + ": ", "bold"), safe(explanation.meaning)]
            for step in explanation.next_steps:
                parts += ["\n  • ", safe(step)]
        if outcome.reply is not None:
            reply = json.dumps(dict(outcome.reply), ensure_ascii=False)
            parts += [("\nnow.gg's reply: ", "$text-muted"), safe(reply)]
        if outcome.history_entry is not None:
            parts += [("\nOn record as history entry ", "$text-muted"), str(outcome.history_entry)]
        self.query_one("#ack-result", Static).update(Content.assemble(*parts))

    @on(Button.Pressed, "#acknowledge")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.token is not None:
            self.post_message(self.Requested(self.force))
