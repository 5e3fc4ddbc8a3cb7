"""Asking a person, on a terminal, before an acknowledge is sent: the deadline first, then
y/N — or, in production, the last 4 characters of the order id (acknowledge_confirmation.py)."""

from __future__ import annotations

from typing import TextIO

from console.desk import AcknowledgePlan
from console.desk.acknowledge_confirmation import NO_ORDER_ID_WORD, typed_confirmation
from console.payments import mask_token
from console.settings.environments import Environment
from console.text_safety import printable

from .confirm import ask_typed_consent


def summary_lines(plan: AcknowledgePlan, environment: Environment, host: str) -> list[str]:
    """What is about to be acknowledged; every value from outside made printable."""
    query = plan.query
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    product = decoded.purchase.product_id if decoded else None
    production = "  (PRODUCTION)" if environment.production else ""
    deadline = plan.deadline.text if plan.deadline else "not known (no purchase time)"
    return [
        "About to acknowledge a subscription:",
        f"  environment  {printable(environment.name)}{production}",
        f"  host         {printable(host)}",
        f"  token        {printable(mask_token(query.token)) if query else '?'}",
        f"  order id     {printable(str(order_id)) if order_id else 'not in the reply'}",
        f"  product      {printable(str(product)) if product else 'not stated'}",
        f"  deadline     {deadline}",
    ]


def ask_consent(
    plan: AcknowledgePlan, environment: Environment, host: str, stdin: TextIO, err: TextIO
) -> bool:
    return ask_typed_consent(
        summary_lines(plan, environment, host),
        typed_confirmation(plan, environment),
        question="Acknowledge this subscription?",
        verb="acknowledge",
        no_order_id_word=NO_ORDER_ID_WORD,
        stdin=stdin,
        err=err,
    )
