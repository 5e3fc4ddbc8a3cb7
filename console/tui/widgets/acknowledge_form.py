"""The subscription form: the purchase on screen, its deadline to acknowledge (purchase time +
3 days) and the time left — coloured as it nears —, "Force", the Acknowledge button, and after
an attempt now.gg's answer (the proof: the verify cannot show an acknowledgement).

It shows what the desk's guards and the flow found, it does not judge. The anomaly
"subscription not acknowledged: N hours left" shows only when the console knows the purchase
is a subscription — the operator marked it by opening this form on it, or an acknowledge was
attempted — never from a field the reply does not carry.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Static

from console.tui.outside_text import safe_text

if TYPE_CHECKING:
    from console.desk import AcknowledgeOutcome, LookupOutcome
    from console.payments import AcknowledgeDeadline

_STYLES = {
    "calm": "bold $text-success",
    "soon": "bold $text-warning",
    "urgent": "bold $text-error",
    "passed": "bold $text-error",
}


class AcknowledgeForm(Vertical):
    DEFAULT_CSS = """
    AcknowledgeForm {
        height: 1fr;
        padding: 0 1;
        border: round $secondary;
        border-title-style: bold;
    }
    AcknowledgeForm > Static {
        height: auto;
        margin-bottom: 1;
    }
    AcknowledgeForm #acknowledge {
        width: 40;
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
        yield Static(
            "Look a subscription purchase up, then acknowledge it here (ctrl+k): now.gg cancels "
            "and refunds one not acknowledged within 3 days of the purchase.",
            id="ack-purchase",
        )
        yield Static("", id="ack-deadline")
        yield Static("", id="ack-anomaly")
        yield Checkbox("Force (deliberate override)", value=False, id="ack-force", compact=True)
        yield Button("Acknowledge…", id="acknowledge", variant="warning", disabled=True)
        yield Static("", id="ack-result")

    def on_mount(self) -> None:
        self.border_title = "Acknowledge subscription"

    @property
    def force(self) -> bool:
        return self.query_one("#ack-force", Checkbox).value

    def show_purchase(
        self,
        outcome: LookupOutcome | None,
        deadline: AcknowledgeDeadline | None,
        *,
        acknowledged: bool,
    ) -> None:
        """The purchase on screen and its deadline as of now; `acknowledged`: this session
        saw now.gg accept (or answer 5002 to) an acknowledge of it."""
        safe = safe_text(self)
        decoded = outcome.decoded if outcome is not None else None
        query = outcome.query if outcome is not None else None
        new_token = query.token if query is not None and decoded is not None else None
        if new_token != self.token:
            self.query_one("#ack-force", Checkbox).value = False
            self.query_one("#ack-result", Static).update("")
        self.token = new_token
        button = self.query_one("#acknowledge", Button)
        button.disabled = self.token is None
        purchase = self.query_one("#ack-purchase", Static)
        if decoded is None or query is None:
            purchase.update("Look a purchase up first: only a verified purchase is acknowledged.")
            self.query_one("#ack-deadline", Static).update("")
            self.query_one("#ack-anomaly", Static).update("")
            return
        order_id = decoded.purchase.order_id
        purchase.update(
            Content.assemble(
                ("Token     ", "$text-muted"),
                safe(query.token),
                ("\nOrder id  ", "$text-muted"),
                safe(order_id) if isinstance(order_id, str) else "(not in the reply)",
                ("\nNow       ", "$text-muted"),
                safe(decoded.headline),
            )
        )
        self.query_one("#ack-deadline", Static).update(deadline_content(deadline))
        anomaly = self.query_one("#ack-anomaly", Static)
        if acknowledged:
            anomaly.update(
                Content.assemble(("Acknowledged ", "bold $text-success"), "(this session).")
            )
        elif deadline is not None and not deadline.passed:
            anomaly.update(
                Content.assemble(
                    ("⚠ subscription not acknowledged: ", _STYLES[deadline.urgency.value]),
                    f"{deadline.hours_left} hours left",
                )
            )
        else:
            anomaly.update("")

    def set_busy(self, busy: bool) -> None:
        button = self.query_one("#acknowledge", Button)
        button.label = "Acknowledging… (cannot be cancelled)" if busy else "Acknowledge…"
        button.disabled = busy or self.token is None

    def show_refusal(self, message: str, forceable: bool) -> None:
        hint = "  Tick Force to override, deliberately." if forceable else ""
        self.query_one("#ack-result", Static).update(
            Content.assemble(("Refused: ", "bold $text-error"), safe_text(self)(message), hint)
        )

    def show_outcome(self, outcome: AcknowledgeOutcome) -> None:
        """What came of it: the summary, the failure's explanation, now.gg's reply."""
        safe = safe_text(self)
        good = outcome.status.value == "acknowledged"
        parts: list[str | tuple[str, str]] = [
            (
                f"{outcome.status.value.upper()}: ",
                "bold $text-success" if good else "bold $text-error",
            ),
            safe(outcome.summary),
        ]
        failure = outcome.failure
        if failure is not None:
            explanation = failure.explanation
            parts += [("\n\n" + safe(explanation.name) + ": ", "bold"), safe(explanation.meaning)]
            for step in explanation.next_steps:
                parts += ["\n  • ", safe(step)]
        if outcome.reply is not None:
            reply = json.dumps(dict(outcome.reply), ensure_ascii=False)
            parts += [("\n\nnow.gg's reply: ", "$text-muted"), safe(reply)]
        if outcome.history_entry is not None:
            parts += [("\nOn record as history entry ", "$text-muted"), str(outcome.history_entry)]
        self.query_one("#ack-result", Static).update(Content.assemble(*parts))

    @on(Button.Pressed, "#acknowledge")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.token is not None:
            self.post_message(self.Requested(self.force))


def deadline_content(deadline: AcknowledgeDeadline | None) -> Content:
    if deadline is None:
        return Content.assemble(
            ("Deadline: ", "bold $text-warning"), "not known (no readable purchase time)"
        )
    label = "Deadline passed: " if deadline.passed else "Acknowledge by: "
    return Content.assemble((label, _STYLES[deadline.urgency.value]), deadline.text)
