"""Fresh tokens on demand (`nowgg-console sandbox mint`): N new purchases in the state asked.

QA needs more tokens than the seeds hold, and tokens nobody else has consumed yet. A minted
purchase is an ordinary order of the sandbox (verify, consume and, for a subscription,
acknowledge treat it like a seeded one), bought "now" on the sandbox's clock.

Minted tokens name what they are (`sbx-mint-xiaomi-paid-000007`, `sbx-sub-mint-paid-000008`)
and their serial never repeats within a run of the sandbox, even across a reset: a token
written down before a reset then answers 3901, instead of naming a different purchase.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from console.sandbox.orders import (
    AMAZON,
    HUAWEI,
    NOWGG,
    ONESTORE,
    STORES,
    XIAOMI,
    SeedOrder,
    order_data,
)
from console.sandbox.subscriptions import subscription_order

MAX_PER_REQUEST: Final = 10_000
"""The most tokens one mint makes (the worklist's bench runs 10,000)."""

MAX_MINTED: Final = 200_000
"""The most minted tokens the sandbox holds between resets: it lives in memory."""


class PurchaseState(StrEnum):
    PAID = "paid"
    UNPAID = "unpaid"
    FAILED = "failed"

    @property
    def code(self) -> int:
        """`purchaseState` as the API writes it: 0 unpaid, 1 paid, 2 failed."""
        return {PurchaseState.UNPAID: 0, PurchaseState.PAID: 1, PurchaseState.FAILED: 2}[self]


@dataclass(frozen=True)
class StoreProduct:
    product_id: str
    currency: str
    amount: str
    region: str


# What a minted purchase of each store buys: the seeded orders' products, so a minted token
# and a seeded one of a store read alike.
STORE_PRODUCTS: Final[Mapping[str, StoreProduct]] = MappingProxyType(
    {
        NOWGG: StoreProduct("gems_100", "USD", "0.99", "US"),
        XIAOMI: StoreProduct("com.example.gems.500", "INR", "399.00", "IN"),
        ONESTORE: StoreProduct("gems_1200", "KRW", "5500", "KR"),
        AMAZON: StoreProduct("com.example.coins.1000", "USD", "4.99", "US"),
        HUAWEI: StoreProduct("coins_1000", "EUR", "4.99", "DE"),
    }
)


class MintRefused(ValueError):
    """A mint request the sandbox will not carry out; the message says why, in one line."""


@dataclass(frozen=True)
class MintSpec:
    count: int
    state: PurchaseState = PurchaseState.PAID
    store: str = NOWGG
    test_order: bool = False
    subscription: bool = False

    def describe(self) -> str:
        """`3 paid xiaomi purchases, test orders`, `1 unpaid subscription`: for comments."""
        kind = "subscription" if self.subscription else f"{self.store} purchase"
        plural = "" if self.count == 1 else "s"
        test = f", test order{plural}" if self.test_order else ""
        return f"{self.count} {self.state} {kind}{plural}{test}"


def parse_mint_form(form: Mapping[str, str]) -> MintSpec:
    """The admin endpoint's form (`count`, `state`, `store`, `testOrder`, `subscription`)."""
    count_text = form.get("count", "1").strip()
    if not count_text.isdigit() or len(count_text) > 6:
        raise MintRefused(f"count must be a whole number from 1 to {MAX_PER_REQUEST}")
    count = int(count_text)
    if not 1 <= count <= MAX_PER_REQUEST:
        raise MintRefused(f"count must be a whole number from 1 to {MAX_PER_REQUEST}")
    try:
        state = PurchaseState(form.get("state", PurchaseState.PAID))
    except ValueError:
        raise MintRefused("state must be paid, unpaid or failed") from None
    store = form.get("store") or NOWGG
    if store not in STORES:
        raise MintRefused(f"store must be one of {', '.join(STORES)}")
    subscription = _flag(form, "subscription")
    if subscription and store != NOWGG:
        raise MintRefused("subscriptions are nowgg purchases: leave the store out")
    return MintSpec(count, state, store, _flag(form, "testOrder"), subscription)


def _flag(form: Mapping[str, str], name: str) -> bool:
    value = form.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise MintRefused(f"{name} must be true or false")
    return value == "true"


def minted_token(spec: MintSpec, serial: int) -> str:
    test = "-test" if spec.test_order else ""
    if spec.subscription:
        return f"sbx-sub-mint-{spec.state}{test}-{serial:06d}"
    store = "" if spec.store == NOWGG else f"{spec.store}-"
    return f"sbx-mint-{store}{spec.state}{test}-{serial:06d}"


def minted_order(spec: MintSpec, serial: int, now_ms: int, order_serial: int) -> SeedOrder:
    """One minted purchase, bought at `now_ms`; `order_serial` makes its orderId unique."""
    token = minted_token(spec, serial)
    title = f"minted: {spec.state}" + (" test order" if spec.test_order else "")
    if spec.subscription:
        return subscription_order(
            token,
            f"{title} subscription",
            purchased_ms=now_ms,
            serial=order_serial,
            user=minted_user(serial),
            purchase_state=spec.state.code,
            test=spec.test_order,
        )
    product = STORE_PRODUCTS[spec.store]
    data = order_data(
        token,
        time_ms=now_ms,
        serial=order_serial,
        purchase_state=spec.state.code,
        consumption_state=0,
        product_id=product.product_id,
        currency=product.currency,
        amount=product.amount,
        region=product.region,
        payload=f"uid={minted_user(serial)}",
        test=spec.test_order,
    )
    multi_store = spec.store != NOWGG
    return SeedOrder(
        token,
        f"{title} ({spec.store})",
        spec.store,
        product.product_id if multi_store else None,
        product.currency if multi_store else None,
        MappingProxyType(data),
    )


def minted_user(serial: int) -> str:
    """Each minted purchase its own user, so no minted subscription meets 5006."""
    return f"mint-{serial:06d}"
