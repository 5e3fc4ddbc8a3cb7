"""The last look before an acknowledge is sent: where it goes, the purchase, and its deadline
with the time left. Like the consume's dialog (confirm_consume.py) it opens focused on
**Cancel**, its confirming button says **Acknowledge**, and in production the last 4
characters of the order id (or the word `acknowledge`) must be typed first, as the CLI asks.

Every value from the reply or a paste is shown through `SafeText`, in `Content`, never markup."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.desk import AcknowledgePlan
from console.desk.acknowledge_confirmation import NO_ORDER_ID_WORD, typed_confirmation
from console.payments import mask_token
from console.settings.environments import Environment
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import ACKNOWLEDGE_CONFIRM, Scope
from console.tui.outside_text import SafeText, safe_text
from console.tui.widgets.acknowledge_form import deadline_content
from console.tui.widgets.safe_fields import SafeInput


def summary(plan: AcknowledgePlan, environment: Environment, host: str, safe: SafeText) -> Content:
    query = plan.query
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    product = decoded.purchase.product_id if decoded else None
    rows: list[tuple[str, str | tuple[str, str]]] = [
        (
            "Environment",
            (f"{safe(environment.name)}  PRODUCTION", "bold $text-error")
            if environment.production
            else safe(environment.name),
        ),
        ("Host", safe(host)),
        ("Token", safe(mask_token(query.token)) if query else "?"),
        ("Order id", safe(order_id) if isinstance(order_id, str) else "(not in the reply)"),
        ("Product", safe(product) if isinstance(product, str) else "(not stated)"),
    ]
    if decoded is not None:
        rows.append(("Now", safe(decoded.headline)))
    parts: list[str | tuple[str, str] | Content] = []
    for label, value in rows:
        parts += [(f"\n  {label:<12} ", "$text-muted"), value]
    parts += ["\n\n", deadline_content(plan.deadline)]
    if plan.overridden is not None:
        parts += ["\n\n", ("FORCED: ", "bold $text-error"), safe(plan.overridden.message)]
    return Content.assemble(("Acknowledge this subscription?", "bold"), *parts)


class ConfirmAcknowledge(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmAcknowledge {
        align: center middle;
    }
    ConfirmAcknowledge > Vertical {
        width: 84;
        max-width: 95%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    ConfirmAcknowledge #typed {
        margin-top: 1;
    }
    ConfirmAcknowledge #buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmAcknowledge Button {
        margin-left: 2;
    }
    """

    BINDINGS = scope_bindings(ACKNOWLEDGE_CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = ACKNOWLEDGE_CONFIRM

    def __init__(self, plan: AcknowledgePlan, environment: Environment, host: str) -> None:
        super().__init__()
        use_keymap(self, ACKNOWLEDGE_CONFIRM)
        self._plan = plan
        self._environment = environment
        self._host = host
        # What production asks to be typed first (the desk's rule, as the CLI asks).
        self._expected = typed_confirmation(plan, environment)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                summary(self._plan, self._environment, self._host, safe_text(self)), id="summary"
            )
            if self._expected is not None:
                what = (
                    "the word acknowledge"
                    if self._expected == NO_ORDER_ID_WORD
                    else "the last 4 characters of the order id"
                )
                yield Static(
                    Content.assemble(
                        ("This is PRODUCTION. ", "bold $text-error"),
                        f"Type {what} to enable Acknowledge.",
                    ),
                    id="typed-help",
                )
                yield SafeInput(placeholder=what, id="typed", max_length=len(self._expected))
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(
                    "Acknowledge",
                    id="confirm",
                    variant="error",
                    disabled=self._expected is not None,
                )

    def on_mount(self) -> None:
        # Cancel first, always: the typed field is one Tab away in production.
        self.query_one("#cancel", Button).focus()

    @on(Input.Changed, "#typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = event.value.strip() != self._expected

    @on(Input.Submitted, "#typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        # Enter in the field never acknowledges: the button must be chosen.
        event.stop()
        if event.value.strip() == self._expected:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if not self.query_one("#confirm", Button).disabled:
            self.dismiss(True)
