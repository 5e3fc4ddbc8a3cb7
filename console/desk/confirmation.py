"""What a person must type before a write is sent in production, so a glance and a reflexive
Enter are not enough where money is at stake. One rule for every write (consume, acknowledge)
and for the CLI's prompt and the console's dialog alike."""

from __future__ import annotations

from typing import Final

from console.settings.environments import Environment

from .outcomes import WritePlan
from .write_operation import CONSUME

NO_ORDER_ID_WORD: Final = CONSUME.no_order_id_word
"""A consume's word, typed instead when the reply has no usable order id (each operation's
is its `no_order_id_word`: its name)."""


def typed_confirmation(plan: WritePlan, environment: Environment) -> str | None:
    """None outside production (a yes/no is enough there); in production the last 4
    characters of the order id the check found, or the operation's word without one."""
    if not environment.production:
        return None
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    if isinstance(order_id, str) and len(order_id.strip()) >= 4:
        return order_id.strip()[-4:]
    return plan.operation.no_order_id_word
