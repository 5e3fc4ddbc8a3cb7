"""verifyPurchase over real HTTP: every seeded order, in the documented shape (API.md)."""

from __future__ import annotations

import re

import httpx
import pytest

from console.sandbox.orders import SEED_ORDERS, SEED_ORDERS_BY_TOKEN, SeedOrder
from tests.sandbox.sandbox_wire import VERIFY, call, fields_for

# API.md's table of `data` fields and their JSON types, written out here independently.
STRING_FIELDS = {
    "purchaseTimeMillis",
    "purchaseTime",
    "developerPayload",
    "orderId",
    "appId",
    "kind",
    "regionCode",
    "currency",
    "packageName",
    "payStatusTxt",
    "orderAmount",
    "payTimeTxt",
    "sellerGoodsId",
    "productId",
    "purchaseToken",
}
INT_FIELDS = {"purchaseState", "consumptionState"}
BOOL_FIELDS = {"isTestOrder"}

# The data keys of the documented samples, in their order.
SAMPLE_002_KEYS = [
    "purchaseTimeMillis",
    "purchaseTime",
    "purchaseState",
    "consumptionState",
    "developerPayload",
    "orderId",
    "kind",
    "regionCode",
]
SAMPLE_003_KEYS = [
    "purchaseTimeMillis",
    "purchaseTime",
    "purchaseState",
    "consumptionState",
    "developerPayload",
    "orderId",
    "appId",
    "kind",
    "regionCode",
    "currency",
    "packageName",
    "payStatusTxt",
    "orderAmount",
    "isTestOrder",
    "payTimeTxt",
    "sellerGoodsId",
    "purchaseToken",
    "productId",
]

# What each seeded order is, as its title promises: (purchaseState, consumptionState).
EXPECTED_STATES = {
    "sbx-paid-unconsumed-0001": (1, 0),
    "sbx-paid-consumed-0002": (1, 1),
    "sbx-unpaid-0003": (0, 0),
    "sbx-failed-0004": (2, 0),
    "sbx-test-order-0005": (1, 0),
    "sbx-xiaomi-0006": (1, 0),
    "sbx-onestore-0007": (1, 0),
    "sbx-amazon-0008": (1, 0),
    "sbx-huawei-0009": (1, 0),
    "sbx-china-cny-0010": (1, 0),
    "sbx-sample-003-0011": (0, 0),
    "sbx-minimal-002-0012": (1, 0),
    "sbx-seconds-time-0013": (1, 0),
    "sbx-extra-fields-0014": (1, 0),
}


def verify_data(http: httpx.Client, order: SeedOrder) -> dict[str, object]:
    reply = call(http, VERIFY, fields_for(order))
    assert isinstance(reply, dict)
    assert list(reply) == ["success", "code", "codeMsg", "data"]
    assert reply["success"] is True
    assert reply["code"] == 0
    assert reply["codeMsg"] == "success"
    data = reply["data"]
    assert isinstance(data, dict)
    return data


def order(token: str) -> SeedOrder:
    return SEED_ORDERS_BY_TOKEN[token]


def test_the_expected_table_names_every_seeded_order() -> None:
    assert set(EXPECTED_STATES) == {seed.token for seed in SEED_ORDERS}


@pytest.mark.parametrize("seed", SEED_ORDERS, ids=lambda seed: seed.token)
def test_every_seeded_order_verifies_in_the_documented_shape(
    http: httpx.Client, seed: SeedOrder
) -> None:
    data = verify_data(http, seed)
    assert data == dict(seed.data)
    for name, value in data.items():
        if name in STRING_FIELDS:
            assert isinstance(value, str), name
        elif name in INT_FIELDS:
            assert type(value) is int, name
        elif name in BOOL_FIELDS:
            assert isinstance(value, bool), name
    assert (data["purchaseState"], data["consumptionState"]) == EXPECTED_STATES[seed.token]
    assert data["kind"] == "nowgg#productPurchase"
    assert re.fullmatch(r"\d{10}|\d{13}", str(data["purchaseTime"]))
    assert re.fullmatch(r"\d{13}", str(data["purchaseTimeMillis"]))
    assert re.fullmatch(r"[A-Z]{2}", str(data["regionCode"]))
    assert re.fullmatch(r"1-\d{25}", str(data["orderId"]))
    if seed.token != "sbx-minimal-002-0012":
        assert list(data)[: len(SAMPLE_003_KEYS)] == SAMPLE_003_KEYS
        assert data["purchaseToken"] == seed.token
        assert re.fullmatch(r"\d+(\.\d+)?", str(data["orderAmount"]))
        assert re.fullmatch(r"[A-Z]{3}", str(data["currency"]))


def test_the_paid_orders_say_paid_and_the_others_unpaid(http: httpx.Client) -> None:
    for token in ("sbx-paid-unconsumed-0001", "sbx-test-order-0005", "sbx-xiaomi-0006"):
        data = verify_data(http, order(token))
        assert data["payStatusTxt"] == "Paid"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", str(data["payTimeTxt"]))
    for token in ("sbx-unpaid-0003", "sbx-failed-0004"):
        data = verify_data(http, order(token))
        assert data["payStatusTxt"] == "Unpaid"
        assert data["payTimeTxt"] == ""


def test_the_test_order_is_flagged(http: httpx.Client) -> None:
    assert verify_data(http, order("sbx-test-order-0005"))["isTestOrder"] is True
    assert verify_data(http, order("sbx-paid-unconsumed-0001"))["isTestOrder"] is False


def test_every_multi_store_is_seeded_with_the_fields_its_requests_must_match(
    http: httpx.Client,
) -> None:
    stores = {seed.store: seed for seed in SEED_ORDERS}
    assert {"nowgg", "xiaomi", "onestore", "amazon", "huawei"} <= set(stores)
    for store in ("xiaomi", "onestore", "amazon", "huawei"):
        seed = stores[store]
        data = verify_data(http, seed)
        assert (data["productId"], data["currency"]) == (seed.product_id, seed.currency)
    for seed in SEED_ORDERS:
        if seed.store == "nowgg":
            assert (seed.product_id, seed.currency) == (None, None)


def test_the_china_order_is_in_cny(http: httpx.Client) -> None:
    data = verify_data(http, order("sbx-china-cny-0010"))
    assert (data["regionCode"], data["currency"]) == ("CN", "CNY")


def test_the_003_sample_order_disagrees_with_itself_as_the_sample_does(
    http: httpx.Client,
) -> None:
    data = verify_data(http, order("sbx-sample-003-0011"))
    assert data["purchaseState"] == 0
    assert data["payStatusTxt"] == "Paid"
    assert data["sellerGoodsId"] != data["productId"]
    assert data["purchaseTime"] != data["purchaseTimeMillis"]
    assert data["payTimeTxt"] == "2024 - 10 - 3006: 08: 01"


def test_the_minimal_order_has_exactly_the_002_samples_eight_fields(
    http: httpx.Client,
) -> None:
    data = verify_data(http, order("sbx-minimal-002-0012"))
    assert list(data) == SAMPLE_002_KEYS


def test_the_seconds_order_has_a_10_digit_purchase_time(http: httpx.Client) -> None:
    data = verify_data(http, order("sbx-seconds-time-0013"))
    seconds, millis = str(data["purchaseTime"]), str(data["purchaseTimeMillis"])
    assert len(seconds) == 10 and len(millis) == 13
    assert int(millis) // 1000 == int(seconds)


def test_the_extra_fields_order_carries_undocumented_fields(http: httpx.Client) -> None:
    data = verify_data(http, order("sbx-extra-fields-0014"))
    extra = set(data) - set(SAMPLE_003_KEYS)
    assert extra == {"obfuscatedAccountId", "quantity"}
    assert data["quantity"] == 2
