"""Routing, the key and request errors: HTTP 200 with the documented codes (API.md)."""

from __future__ import annotations

import httpx
import pytest

from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.orders import SEED_ORDERS_BY_TOKEN
from tests.sandbox.sandbox_wire import (
    CONSUME,
    ENDPOINTS,
    NOT_EXIST,
    VERIFY,
    call,
    failure,
    fields_for,
    post,
)

INVALID_KEY = failure(3900, "INVALID_AUTHORIZATION_KEY")
INVALID_TOKEN = failure(3901, "INVALID_PURCHASE_TOKEN")
MULTISTORE_ERROR = failure(5014, "MULTISTORE_UNKNOWN_ERROR")

PAID = {"purchaseToken": "sbx-paid-unconsumed-0001"}
XIAOMI = fields_for(SEED_ORDERS_BY_TOKEN["sbx-xiaomi-0006"])


def test_the_sandbox_key_is_documented_and_obviously_fake() -> None:
    assert len(SANDBOX_API_KEY) >= 12
    assert "sandbox" in SANDBOX_API_KEY


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "key", [None, "", "wrong-key-000000", f"Bearer {SANDBOX_API_KEY}", SANDBOX_API_KEY.upper()]
)
def test_a_wrong_or_missing_key_is_3900(http: httpx.Client, path: str, key: str | None) -> None:
    assert call(http, path, PAID, key=key) == INVALID_KEY


def test_the_key_is_checked_before_the_token(http: httpx.Client) -> None:
    assert call(http, VERIFY, {"purchaseToken": "no-such-token"}, key="wrong") == INVALID_KEY


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "form",
    [
        {},
        {"purchaseToken": ""},
        {"purchaseToken": "no-such-token-0000"},
        {"purchaseToken": "SBX-PAID-UNCONSUMED-0001"},
    ],
)
def test_an_unknown_or_missing_token_is_3901(
    http: httpx.Client, path: str, form: dict[str, str]
) -> None:
    assert call(http, path, form) == INVALID_TOKEN


def test_a_json_body_is_not_a_form(http: httpx.Client) -> None:
    # As the broken curl samples of 000 and 003 send it: JSON under the form content type.
    reply = http.post(
        VERIFY,
        content=b'{"purchaseToken": "sbx-paid-unconsumed-0001"}',
        headers={
            "Authorization": SANDBOX_API_KEY,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert reply.json() == INVALID_TOKEN


def test_a_body_under_another_content_type_is_not_read(http: httpx.Client) -> None:
    reply = http.post(
        VERIFY,
        json={"purchaseToken": "sbx-paid-unconsumed-0001"},
        headers={"Authorization": SANDBOX_API_KEY},
    )
    assert reply.json() == INVALID_TOKEN


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "form",
    [
        {"purchaseToken": XIAOMI["purchaseToken"]},  # no type
        {k: v for k, v in XIAOMI.items() if k != "type"},
        {k: v for k, v in XIAOMI.items() if k != "productId"},
        {k: v for k, v in XIAOMI.items() if k != "currency"},
        XIAOMI | {"productId": "com.example.gems.999"},
        XIAOMI | {"currency": "USD"},
        XIAOMI | {"currency": "inr"},
        XIAOMI | {"type": "steam"},
    ],
    ids=[
        "token-only",
        "no-type",
        "no-product",
        "no-currency",
        "other-product",
        "other-currency",
        "lower-case-currency",
        "unknown-store",
    ],
)
def test_a_multi_store_request_without_matching_fields_is_5014(
    http: httpx.Client, path: str, form: dict[str, str]
) -> None:
    assert call(http, path, form) == MULTISTORE_ERROR


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_nowgg_token_asked_of_another_store_is_3901(http: httpx.Client, path: str) -> None:
    form = PAID | {"type": "xiaomi", "productId": "gems_100", "currency": "USD"}
    assert call(http, path, form) == INVALID_TOKEN


def test_a_token_asked_of_the_wrong_multi_store_is_3901(http: httpx.Client) -> None:
    assert call(http, VERIFY, XIAOMI | {"type": "onestore"}) == INVALID_TOKEN


def test_an_empty_type_means_nowgg(http: httpx.Client) -> None:
    reply = call(http, VERIFY, PAID | {"type": ""})
    assert isinstance(reply, dict) and reply["code"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "",
        "v2/sellerz/order/verifyPurchase",
        "v2/seller/order/verifyPurchase/",
        "v2/order/consumepurchase",
        "v1/order/consumePurchase",
        "favicon.ico",
    ],
)
def test_an_unknown_path_is_code_150(http: httpx.Client, path: str) -> None:
    assert call(http, path, PAID) == NOT_EXIST


@pytest.mark.parametrize("path", [VERIFY, CONSUME])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_another_method_is_code_150(http: httpx.Client, path: str, method: str) -> None:
    reply = http.request(method, path, headers={"Authorization": SANDBOX_API_KEY})
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/json"
    assert reply.json() == NOT_EXIST


def test_an_unknown_path_is_150_even_without_a_key(http: httpx.Client) -> None:
    assert post(http, "v2/order/verifyPurchase", PAID, key=None).json() == NOT_EXIST
