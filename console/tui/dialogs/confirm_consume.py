"""The confirmation of one write from the purchase view — a consume or an acknowledge: the
one dialog (confirm_write.py) with the plan's summary; the plan's operation names the button
and the word typed in production. An acknowledge's (confirm_acknowledge.py) differs only in
its key scope and its warning border (it moves no money)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content

from console.desk import WritePlan
from console.desk.confirmation import typed_confirmation
from console.payments import mask_token
from console.settings.environments import Environment
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import CONFIRM, Scope
from console.tui.outside_text import SafeText
from console.tui.widgets.deadline_text import deadline_content

from .confirm_write import ConfirmWrite, Typed


def summary(plan: WritePlan, environment: Environment, host: str, safe: SafeText) -> Content:
    operation = plan.operation
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
    ]
    if operation.store_rule:
        rows.append(("Store", query.store.value if query else "?"))
    rows.append(("Product", safe(product) if isinstance(product, str) else "(not stated)"))
    if query is not None and query.currency:
        rows.append(("Currency", safe(query.currency)))
    if plan.developer_payload is not None:
        rows.append(("Payload", safe(plan.developer_payload)))
    if decoded is not None:
        rows.append(("Now", safe(decoded.headline)))
    parts: list[str | tuple[str, str] | Content] = []
    for label, value in rows:
        parts += [(f"\n  {label:<12} ", "$text-muted"), value]
    if operation.deadline_rule:
        parts += ["\n\n", deadline_content(plan.deadline)]
    if plan.overridden is not None:
        parts += ["\n\n", ("FORCED: ", "bold $text-error"), safe(plan.overridden.message)]
    return Content.assemble((operation.question, "bold"), *parts)


def typed_for(plan: WritePlan, environment: Environment) -> Typed | None:
    """What production asks to be typed (the desk's rule, as the CLI asks)."""
    expected = typed_confirmation(plan, environment)
    if expected is None:
        return None
    word = plan.operation.no_order_id_word
    if expected == word:
        return Typed(expected, f"the word {word}", f"the word {word}", "the summary")
    return Typed(expected, "the last 4 characters of the order id", "the order id's last 4")


class PlanConfirmation(ConfirmWrite):
    """The confirmation of one plan: its summary, the operation's word on the button and, in
    production, what must be typed. Each kind names its key scope (`KEY_SCOPE`)."""

    KEY_SCOPE: ClassVar[Scope]

    def __init__(self, plan: WritePlan, environment: Environment, host: str) -> None:
        super().__init__(
            lambda safe: summary(plan, environment, host, safe),
            plan.operation.title,
            typed_for(plan, environment),
            mild=not plan.operation.store_rule,
        )
        use_keymap(self, self.KEY_SCOPE)


class ConfirmConsume(PlanConfirmation):
    BINDINGS = scope_bindings(CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = CONFIRM
