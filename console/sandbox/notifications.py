"""The webhook now.gg sends for a subscription event, as API.md describes it ([public]):

    {"notificationType": "SUBSCRIPTION_RENEWED",
     "data": {"orderId", "packageName", "productId", "eventTime", "expiryTime", "amount",
              "isTestOrder", "currency", "paymentId", "developerPayload"}}

Times are epoch milliseconds (numbers), `amount` is a number (the verify reply's `orderAmount`
is a string: here it is not), `paymentId` is the app's payment id, which the verify reply
calls `appId` (API.md: "equal to the payment id"). Nothing else is added.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from console.sandbox.subscriptions import SubscriptionEvent


def notification(event: SubscriptionEvent) -> dict[str, object]:
    order = event.order
    return {
        "notificationType": event.notification.value,
        "data": {
            "orderId": event.order_id,
            "packageName": _text(order, "packageName"),
            "productId": _text(order, "productId"),
            "eventTime": event.event_ms,
            "expiryTime": event.expiry_ms,
            "amount": _amount(order.get("orderAmount")),
            "isTestOrder": order.get("isTestOrder") is True,
            "currency": _text(order, "currency"),
            "paymentId": _text(order, "appId"),
            "developerPayload": _text(order, "developerPayload"),
        },
    }


def _text(order: Mapping[str, object], name: str) -> str:
    value = order.get(name)
    return value if isinstance(value, str) else ""


def _amount(value: object) -> float:
    """ "4.99" → 4.99: a JSON number, as the webhook carries it."""
    try:
        amount = float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return 0.0
    return amount if math.isfinite(amount) else 0.0
