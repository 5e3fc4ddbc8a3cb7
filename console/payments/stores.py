"""The stores a purchase can come from, and each one's rules, in one table (API.md).

A store other than nowgg is "multi-store": its requests carry `productId`, `currency` and
`type`. Only nowgg, xiaomi and onestore purchases can be consumed by the server; Amazon and
Huawei purchases are consumed by the game client, so a server consume is refused before any
request is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.payments.errors import StoreRuleViolation


class Store(StrEnum):
    NOWGG = "nowgg"
    XIAOMI = "xiaomi"
    ONESTORE = "onestore"
    AMAZON = "amazon"
    HUAWEI = "huawei"


@dataclass(frozen=True)
class StoreRule:
    store: Store
    label: str
    multi_store: bool
    """True when requests must carry `productId`, `currency` and `type`."""
    server_consume: bool
    """False when the purchase is consumed on the game client, never by consumePurchase."""


STORE_RULES: dict[Store, StoreRule] = {
    Store.NOWGG: StoreRule(Store.NOWGG, "now.gg", multi_store=False, server_consume=True),
    Store.XIAOMI: StoreRule(Store.XIAOMI, "Xiaomi", multi_store=True, server_consume=True),
    Store.ONESTORE: StoreRule(Store.ONESTORE, "ONE store", multi_store=True, server_consume=True),
    Store.AMAZON: StoreRule(Store.AMAZON, "Amazon", multi_store=True, server_consume=False),
    Store.HUAWEI: StoreRule(Store.HUAWEI, "Huawei", multi_store=True, server_consume=False),
}

STORE_NAMES: tuple[str, ...] = tuple(store.value for store in Store)


def parse_store(name: str | None) -> Store:
    """The store called `name` (any case); None or empty means nowgg, as the API says."""
    if name is None or not name.strip():
        return Store.NOWGG
    try:
        return Store(name.strip().lower())
    except ValueError:
        raise StoreRuleViolation(
            f"unknown store {name.strip()!r}; the stores are {', '.join(STORE_NAMES)}"
        ) from None


def rule_for(store: Store) -> StoreRule:
    return STORE_RULES[store]


def require_store_fields(store: Store, product_id: str | None, currency: str | None) -> None:
    """Refuse a multi-store request that lacks `productId` or `currency` before it is sent."""
    rule = STORE_RULES[store]
    if not rule.multi_store:
        return
    missing = [
        flag
        for flag, value in (("product id", product_id), ("currency", currency))
        if value is None or not value.strip()
    ]
    if missing:
        raise StoreRuleViolation(
            f"a {rule.label} purchase needs its {' and '.join(missing)} "
            "(multi-store requests carry productId, currency and type)"
        )


def require_server_consume(store: Store) -> None:
    """Refuse, before any request, to consume a purchase the server cannot consume."""
    rule = STORE_RULES[store]
    if not rule.server_consume:
        raise StoreRuleViolation(
            f"{rule.label} purchases are consumed on the game client, not by the server: "
            "consumePurchase does not support them. Ask the game team to consume it in the "
            "client (the store's own SDK)."
        )
