"""What a person must type before an acknowledge is sent in production: the rule of the
consume (confirmation.py) — the last 4 characters of the order id — with its own word when
the reply has none. One rule for the CLI's prompt and the console's dialog."""

from __future__ import annotations

from typing import Final

from console.settings.environments import Environment

from .acknowledge_outcomes import AcknowledgePlan

NO_ORDER_ID_WORD: Final = "acknowledge"
"""Typed instead when the reply has no usable order id."""


def typed_confirmation(plan: AcknowledgePlan, environment: Environment) -> str | None:
    """None outside production (a yes/no is enough there); in production the last 4
    characters of the order id the check found, or the word `acknowledge` without one."""
    if not environment.production:
        return None
    decoded = plan.check.decoded if plan.check else None
    order_id = decoded.purchase.order_id if decoded else None
    if isinstance(order_id, str) and len(order_id.strip()) >= 4:
        return order_id.strip()[-4:]
    return NO_ORDER_ID_WORD
