"""The last look before money moves. It shows where the consume goes and what it is about,
opens focused on **Cancel** (a reflexive Enter sends nothing, as k9s' delete dialog), and its
confirming button says **Consume**. In production the last 4 characters of the order id must
be typed first, as the CLI asks, so a glance is not enough.

Every value in it comes from the reply or a paste: shown through `SafeText` (keys masked,
escapes visible) in `Content`, never markup."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.desk import ConsumePlan
from console.desk.confirmation import NO_ORDER_ID_WORD, typed_confirmation
from console.payments import mask_token
from console.settings.environments import Environment
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import CONFIRM, Scope
from console.tui.outside_text import SafeText, safe_text
from console.tui.widgets.safe_fields import SafeInput


def summary(plan: ConsumePlan, environment: Environment, host: str, safe: SafeText) -> Content:
    query = plan.query
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    product = (query.product_id if query else None) or (
        decoded.purchase.product_id if decoded else None
    )
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
        ("Store", query.store.value if query else "?"),
        ("Product", safe(product) if isinstance(product, str) else "(not stated)"),
    ]
    if query is not None and query.currency:
        rows.append(("Currency", safe(query.currency)))
    if plan.developer_payload is not None:
        rows.append(("Payload", safe(plan.developer_payload)))
    if decoded is not None:
        rows.append(("Now", safe(decoded.headline)))
    parts: list[str | tuple[str, str]] = []
    for label, value in rows:
        parts += [(f"\n  {label:<12} ", "$text-muted"), value]
    if plan.overridden is not None:
        parts += ["\n\n", ("FORCED: ", "bold $text-error"), safe(plan.overridden.message)]
    return Content.assemble(("Consume this purchase?", "bold"), *parts)


class ConfirmConsume(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmConsume {
        align: center middle;
    }
    ConfirmConsume > Vertical {
        width: 84;
        max-width: 95%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    ConfirmConsume #typed {
        margin-top: 1;
    }
    ConfirmConsume #typed-feedback {
        height: auto;
    }
    ConfirmConsume #buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmConsume Button {
        margin-left: 2;
    }
    """

    BINDINGS = scope_bindings(CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = CONFIRM

    def __init__(self, plan: ConsumePlan, environment: Environment, host: str) -> None:
        super().__init__()
        use_keymap(self, CONFIRM)
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
                    "the word consume"
                    if self._expected == NO_ORDER_ID_WORD
                    else "the last 4 characters of the order id"
                )
                yield Static(
                    Content.assemble(
                        ("This is PRODUCTION. ", "bold $text-error"),
                        f"Type {what} to enable Consume.",
                    ),
                    id="typed-help",
                )
                yield SafeInput(placeholder=what, id="typed", max_length=len(self._expected))
                # What was typed, judged as it is typed: a wrong entry says so at once.
                yield Static("", id="typed-feedback")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(
                    "Consume",
                    id="confirm",
                    variant="error",
                    disabled=self._expected is not None,
                )

    def on_mount(self) -> None:
        # Cancel first, always: the typed field is one Tab away in production.
        self.query_one("#cancel", Button).focus()

    def _what_is_asked(self) -> str:
        if self._expected == NO_ORDER_ID_WORD:
            return "the word consume"
        return "the order id's last 4"

    def _judge(self, typed: str, *, submitted: bool) -> None:
        """Enable Consume on a match; say plainly when what was typed does not match."""
        expected = self._expected
        assert expected is not None
        matches = typed == expected
        self.query_one("#confirm", Button).disabled = not matches
        feedback = self.query_one("#typed-feedback", Static)
        if matches:
            feedback.update(
                Content.assemble(("✓ Matches: ", "bold $text-success"), "Consume is enabled.")
            )
        elif typed and (submitted or len(typed) >= len(expected)):
            shown = safe_text(self)(typed)
            feedback.update(
                Content.assemble(
                    ("✗ ", "bold $text-error"),
                    (f"“{shown}” does not match {self._what_is_asked()}", "bold $text-error"),
                    ": Consume stays off. Check the order id above and type again.",
                )
            )
        else:
            feedback.update(Content())

    @on(Input.Changed, "#typed")
    def _typed(self, event: Input.Changed) -> None:
        self._judge(event.value.strip(), submitted=False)

    @on(Input.Submitted, "#typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        # Enter in the field never consumes: the Consume button must be chosen.
        event.stop()
        typed = event.value.strip()
        self._judge(typed, submitted=True)
        if typed == self._expected:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if not self.query_one("#confirm", Button).disabled:
            self.dismiss(True)
