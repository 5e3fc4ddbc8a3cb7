"""The sandbox's tokens as plain JSON rows, for `nowgg-console sandbox orders [--json]`.

The shape is a contract with the CLI and with scripts, so it is fixed here and only ever
extended. One object per token, seeded orders first, then fault tokens, then the seeded
subscriptions (added last, so that scripts reading the first two see what they always saw),
each in its table's order:

    {"token": "sbx-xiaomi-0006",           # what to type
     "kind": "order",                      # "order" (a seeded order), "fault" or "subscription"
     "title": "Xiaomi order, paid, ...",   # what it shows, one line
     "store": "xiaomi",                    # the request's `type`; "nowgg" means no `type`
     "productId": "com.example.gems.500",  # what the request must carry, or null
     "currency": "INR"}                    # what the request must carry, or null

Faults are chosen by the token alone, so theirs are store "nowgg" and null fields; the
subscriptions are nowgg purchases, whose times follow the sandbox's clock (`subscriptions`).
"""

from __future__ import annotations

from console.sandbox.faults import FAULT_TOKENS
from console.sandbox.orders import NOWGG, SEED_ORDERS
from console.sandbox.subscriptions import SUBSCRIPTION_TITLES


def orders_as_json() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "token": order.token,
            "kind": "order",
            "title": order.title,
            "store": order.store,
            "productId": order.product_id,
            "currency": order.currency,
        }
        for order in SEED_ORDERS
    ]
    rows.extend(
        {
            "token": fault.token,
            "kind": "fault",
            "title": fault.title,
            "store": NOWGG,
            "productId": None,
            "currency": None,
        }
        for fault in FAULT_TOKENS
    )
    rows.extend(
        {
            "token": token,
            "kind": "subscription",
            "title": title,
            "store": NOWGG,
            "productId": None,
            "currency": None,
        }
        for token, title in SUBSCRIPTION_TITLES.items()
    )
    return rows
