"""Asking a person, on a terminal, before a write (consume, acknowledge) is sent.

Production asks for the last four characters of the order id, as the console's dialog does:
a reflexive "y" is not enough where money is at stake.
"""

from __future__ import annotations

from typing import TextIO

from console.desk import WritePlan
from console.desk.confirmation import typed_confirmation
from console.payments import mask_token
from console.settings.environments import Environment
from console.text_safety import printable


def summary_lines(plan: WritePlan, environment: Environment, host: str) -> list[str]:
    """What is about to be written (consumed, acknowledged); every value from outside made
    printable (text_safety)."""
    operation = plan.operation
    query = plan.query
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    product = (query.product_id if query else None) or (
        decoded.purchase.product_id if decoded else None
    )
    production = "  (PRODUCTION)" if environment.production else ""
    lines = [
        operation.about,
        f"  environment  {printable(environment.name)}{production}",
        f"  host         {printable(host)}",
        f"  token        {printable(mask_token(query.token)) if query else '?'}",
        f"  order id     {printable(str(order_id)) if order_id else 'not in the reply'}",
    ]
    if operation.store_rule:
        lines.append(f"  store        {query.store.value if query else '?'}")
    lines.append(f"  product      {printable(str(product)) if product else 'not stated'}")
    if operation.deadline_rule:
        deadline = plan.deadline.text if plan.deadline else "not known (no purchase time)"
        lines.append(f"  deadline     {deadline}")
    if plan.developer_payload is not None:
        lines.append(f"  payload      {printable(plan.developer_payload)}")
    return lines


def _read_answer(prompt: str, stdin: TextIO, err: TextIO) -> str | None:
    err.write(prompt)
    err.flush()
    try:
        answer = stdin.readline()
    except KeyboardInterrupt:
        return None
    if not answer:
        return None
    return answer.strip()


def ask_consent(
    plan: WritePlan, environment: Environment, host: str, stdin: TextIO, err: TextIO
) -> bool:
    """Ask before the plan's write is sent: y/N, or typed in production."""
    operation = plan.operation
    return ask_typed_consent(
        summary_lines(plan, environment, host),
        typed_confirmation(plan, environment),
        question=operation.question,
        verb=operation.name,
        no_order_id_word=operation.no_order_id_word,
        stdin=stdin,
        err=err,
    )


def ask_typed_consent(
    summary: list[str],
    expected: str | None,
    *,
    question: str,
    verb: str,
    no_order_id_word: str,
    stdin: TextIO,
    err: TextIO,
) -> bool:
    """Show `summary`, then ask y/N — or, where `expected` is set (production), have the
    person type it: the order id's last 4, or `no_order_id_word` when the reply has none.
    Every write operation asks the same way."""
    err.write("\n".join(summary) + "\n")
    if expected is None:
        answer = _read_answer(f"{question} [y/N] ", stdin, err)
        return answer is not None and answer.lower() in ("y", "yes")
    if expected == no_order_id_word:
        prompt = (
            f"This is PRODUCTION and the reply has no order id. Type '{no_order_id_word}' to "
            f"{verb} (anything else cancels): "
        )
    else:
        prompt = (
            f"This is PRODUCTION. Type the last 4 characters of the order id to {verb} "
            "(anything else cancels): "
        )
    return _read_answer(prompt, stdin, err) == expected
