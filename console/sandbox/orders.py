"""The seeded orders: one per state, store and documented oddity (API.md).

Everything here is fixed data, never random and never "now", so a token means the same order in
every run, on every machine, in every test and every support agent's notes. Tokens describe
themselves (`sbx-paid-unconsumed-0001`) because people type them.

Field names, JSON types and order follow the fullest documented sample (003); times are strings
of 13-digit milliseconds, as every sample shows, except where an order exists to show otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Final

from console.payments.wire import PURCHASE_KIND

# Store names as the request's `type` field spells them; absent `type` means nowgg (API.md).
NOWGG: Final = "nowgg"
XIAOMI: Final = "xiaomi"
ONESTORE: Final = "onestore"
AMAZON: Final = "amazon"
HUAWEI: Final = "huawei"
STORES: Final = (NOWGG, XIAOMI, ONESTORE, AMAZON, HUAWEI)

# The app every seeded order belongs to; obviously made up.
APP_ID: Final = "8071"
PACKAGE_NAME: Final = "com.example.sandboxgame"


@dataclass(frozen=True)
class SeedOrder:
    """One seeded order, as the sandbox starts with it.

    `product_id` and `currency` are what a request for this order must carry: set for
    multi-store orders (the request must match them), None for nowgg orders, whose requests
    carry the token alone. `data` is the verify reply's `data` object before any consume.
    """

    token: str
    title: str
    store: str
    product_id: str | None
    currency: str | None
    data: Mapping[str, object]


def epoch_ms(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    """A fixed UTC instant in epoch milliseconds, written as a date people can read."""
    moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return int(moment.timestamp()) * 1000


def pay_time_text(ms: int) -> str:
    # payTimeTxt as the 003 sample meant it before it was garbled: "2024-10-30 06:08:01".
    # UTC, because the API does not say which zone it uses and UTC hides no guess.
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def order_id(ms: int, serial: int) -> str:
    # Shaped like the public example `1-2022052708285322094340093`: 1-, a timestamp, a serial.
    stamp = datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y%m%d%H%M%S")
    return f"1-{stamp}{serial:011d}"


def order_data(
    token: str,
    *,
    time_ms: int,
    serial: int,
    purchase_state: int,
    consumption_state: int,
    product_id: str,
    currency: str,
    amount: str,
    region: str = "US",
    payload: str = "",
    test: bool = False,
) -> dict[str, object]:
    """A verify reply's `data` with every field of the 003 sample, in the sample's order."""
    paid = purchase_state == 1
    return {
        "purchaseTimeMillis": str(time_ms),
        "purchaseTime": str(time_ms),
        "purchaseState": purchase_state,
        "consumptionState": consumption_state,
        "developerPayload": payload,
        "orderId": order_id(time_ms, serial),
        "appId": APP_ID,
        "kind": PURCHASE_KIND,
        "regionCode": region,
        "currency": currency,
        "packageName": PACKAGE_NAME,
        "payStatusTxt": "Paid" if paid else "Unpaid",
        "orderAmount": amount,
        "isTestOrder": test,
        # An unpaid or failed order has no payment time to show.
        "payTimeTxt": pay_time_text(time_ms) if paid else "",
        "sellerGoodsId": product_id,
        "purchaseToken": token,
        "productId": product_id,
    }


def _frozen(data: Mapping[str, object]) -> Mapping[str, object]:
    # Seeds are shared by every state and test; a read-only view keeps them pristine.
    return MappingProxyType(dict(data))


def _nowgg(token: str, title: str, data: Mapping[str, object]) -> SeedOrder:
    return SeedOrder(token, title, NOWGG, None, None, _frozen(data))


def _multi_store(token: str, title: str, store: str, data: Mapping[str, object]) -> SeedOrder:
    product_id = data["productId"]
    currency = data["currency"]
    assert isinstance(product_id, str) and isinstance(currency, str)
    return SeedOrder(token, title, store, product_id, currency, _frozen(data))


_T1 = epoch_ms(2024, 10, 30, 6, 8, 1)
_T2 = epoch_ms(2024, 10, 29, 21, 15, 42)
_T3 = epoch_ms(2024, 10, 28, 13, 2, 9)
_T4 = epoch_ms(2024, 10, 27, 8, 44, 30)
_T5 = epoch_ms(2024, 11, 2, 17, 30, 0)
_T6 = epoch_ms(2024, 11, 3, 10, 11, 12)
_T7 = epoch_ms(2024, 11, 4, 3, 25, 50)
_T8 = epoch_ms(2024, 11, 5, 19, 0, 5)
_T9 = epoch_ms(2024, 11, 6, 12, 34, 56)
_T10 = epoch_ms(2024, 11, 11, 0, 0, 8)
_T12 = epoch_ms(2024, 9, 1, 20, 49, 57)
_T13 = epoch_ms(2024, 11, 8, 7, 45, 0)
_T14 = epoch_ms(2024, 11, 9, 22, 10, 33)

# The 003 sample's own values, kept where they make the disagreement visible.
_SAMPLE_003_MILLIS = "1630529397125"

SEED_ORDERS: Final[tuple[SeedOrder, ...]] = (
    _nowgg(
        "sbx-paid-unconsumed-0001",
        "paid, not consumed",
        order_data(
            "sbx-paid-unconsumed-0001",
            time_ms=_T1,
            serial=1,
            purchase_state=1,
            consumption_state=0,
            product_id="gems_100",
            currency="USD",
            amount="0.99",
            payload="uid=10001;role=knight",
        ),
    ),
    _nowgg(
        "sbx-paid-consumed-0002",
        "paid and already consumed",
        order_data(
            "sbx-paid-consumed-0002",
            time_ms=_T2,
            serial=2,
            purchase_state=1,
            consumption_state=1,
            product_id="gems_500",
            currency="USD",
            amount="4.99",
            payload="uid=10002;role=mage",
        ),
    ),
    _nowgg(
        "sbx-unpaid-0003",
        "unpaid (purchaseState 0)",
        order_data(
            "sbx-unpaid-0003",
            time_ms=_T3,
            serial=3,
            purchase_state=0,
            consumption_state=0,
            product_id="gems_100",
            currency="USD",
            amount="0.99",
            payload="uid=10003",
        ),
    ),
    _nowgg(
        "sbx-failed-0004",
        "payment failed (purchaseState 2)",
        order_data(
            "sbx-failed-0004",
            time_ms=_T4,
            serial=4,
            purchase_state=2,
            consumption_state=0,
            product_id="starter_pack",
            currency="USD",
            amount="9.99",
            payload="uid=10004",
        ),
    ),
    _nowgg(
        "sbx-test-order-0005",
        "test order (isTestOrder true), paid, not consumed",
        order_data(
            "sbx-test-order-0005",
            time_ms=_T5,
            serial=5,
            purchase_state=1,
            consumption_state=0,
            product_id="gems_100",
            currency="USD",
            amount="0.99",
            payload="uid=qa-tester-1",
            test=True,
        ),
    ),
    _multi_store(
        "sbx-xiaomi-0006",
        "Xiaomi order, paid, not consumed",
        XIAOMI,
        order_data(
            "sbx-xiaomi-0006",
            time_ms=_T6,
            serial=6,
            purchase_state=1,
            consumption_state=0,
            product_id="com.example.gems.500",
            currency="INR",
            amount="399.00",
            region="IN",
            payload="uid=10006;server=asia-2",
        ),
    ),
    _multi_store(
        "sbx-onestore-0007",
        "ONE store order, paid, not consumed",
        ONESTORE,
        order_data(
            "sbx-onestore-0007",
            time_ms=_T7,
            serial=7,
            purchase_state=1,
            consumption_state=0,
            product_id="gems_1200",
            currency="KRW",
            amount="5500",
            region="KR",
            payload="uid=10007",
        ),
    ),
    _multi_store(
        "sbx-amazon-0008",
        "Amazon order, paid (consumed by the game client only)",
        AMAZON,
        order_data(
            "sbx-amazon-0008",
            time_ms=_T8,
            serial=8,
            purchase_state=1,
            consumption_state=0,
            product_id="com.example.coins.1000",
            currency="USD",
            amount="4.99",
            payload="uid=10008",
        ),
    ),
    _multi_store(
        "sbx-huawei-0009",
        "Huawei order, paid (consumed by the game client only)",
        HUAWEI,
        order_data(
            "sbx-huawei-0009",
            time_ms=_T9,
            serial=9,
            purchase_state=1,
            consumption_state=0,
            product_id="coins_1000",
            currency="EUR",
            amount="4.99",
            region="DE",
            payload="uid=10009",
        ),
    ),
    _nowgg(
        "sbx-china-cny-0010",
        "China order (regionCode CN, CNY), paid, not consumed",
        order_data(
            "sbx-china-cny-0010",
            time_ms=_T10,
            serial=10,
            purchase_state=1,
            consumption_state=0,
            product_id="gems_100",
            currency="CNY",
            amount="6.00",
            region="CN",
            payload="uid=20010;role=archer",
        ),
    ),
    _nowgg(
        "sbx-sample-003-0011",
        'fields disagree as in the 003 sample (state 0 yet "Paid", ids and times differ)',
        {
            **order_data(
                "sbx-sample-003-0011",
                time_ms=_T1,
                serial=11,
                purchase_state=0,
                consumption_state=0,
                product_id="11223344",
                currency="USD",
                amount="25.15",
                payload="uid=10011",
            ),
            # Each override below is one disagreement of the 003 sample (API.md).
            "purchaseTimeMillis": _SAMPLE_003_MILLIS,
            "appId": "3",
            "payStatusTxt": "Paid",
            "payTimeTxt": "2024 - 10 - 3006: 08: 01",
            "sellerGoodsId": "11223343",
        },
    ),
    _nowgg(
        "sbx-minimal-002-0012",
        "minimal reply: only the eight fields of the 002 sample; paid, not consumed",
        {
            "purchaseTimeMillis": str(_T12),
            "purchaseTime": str(_T12),
            "purchaseState": 1,
            "consumptionState": 0,
            "developerPayload": "uid=10012",
            "orderId": order_id(_T12, 12),
            "kind": PURCHASE_KIND,
            "regionCode": "JP",
        },
    ),
    _nowgg(
        "sbx-seconds-time-0013",
        "purchaseTime in 10-digit seconds (purchaseTimeMillis stays in ms)",
        {
            **order_data(
                "sbx-seconds-time-0013",
                time_ms=_T13,
                serial=13,
                purchase_state=1,
                consumption_state=0,
                product_id="gems_100",
                currency="USD",
                amount="0.99",
                payload="uid=10013",
            ),
            "purchaseTime": str(_T13 // 1000),
        },
    ),
    _nowgg(
        "sbx-extra-fields-0014",
        "carries unknown extra fields (obfuscatedAccountId, quantity)",
        {
            **order_data(
                "sbx-extra-fields-0014",
                time_ms=_T14,
                serial=14,
                purchase_state=1,
                consumption_state=0,
                product_id="gems_500",
                currency="USD",
                amount="4.99",
                payload="uid=10014",
            ),
            # Not in any documented sample: the client must keep and show them.
            "obfuscatedAccountId": "acct-7f3a9c",
            "quantity": 2,
        },
    ),
)

SEED_ORDERS_BY_TOKEN: Final[Mapping[str, SeedOrder]] = MappingProxyType(
    {order.token: order for order in SEED_ORDERS}
)
