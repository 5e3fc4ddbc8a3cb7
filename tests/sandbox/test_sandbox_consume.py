"""consumePurchase over real HTTP: state changes once, then 3800; store rules (API.md)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from console.sandbox.orders import SEED_ORDERS_BY_TOKEN
from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import CONSUME, CONSUMED, VERIFY, call, client, failure, fields_for

ERROR_CONSUMING = failure(3800, "ERROR_CONSUMING_PRODUCT")
MULTISTORE_ERROR = failure(5014, "MULTISTORE_UNKNOWN_ERROR")


def fields(token: str) -> dict[str, str]:
    return fields_for(SEED_ORDERS_BY_TOKEN[token])


def data_of(http: httpx.Client, token: str) -> dict[str, object]:
    reply = call(http, VERIFY, fields(token))
    assert isinstance(reply, dict) and reply["code"] == 0
    data = reply["data"]
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "token",
    [
        "sbx-paid-unconsumed-0001",
        "sbx-test-order-0005",
        "sbx-xiaomi-0006",
        "sbx-onestore-0007",
        "sbx-china-cny-0010",
        "sbx-minimal-002-0012",
    ],
)
def test_consume_flips_the_state_once_then_refuses(http: httpx.Client, token: str) -> None:
    before = data_of(http, token)
    assert before["consumptionState"] == 0
    assert call(http, CONSUME, fields(token)) == CONSUMED
    after = data_of(http, token)
    assert after == {**before, "consumptionState": 1}
    assert call(http, CONSUME, fields(token)) == ERROR_CONSUMING
    assert data_of(http, token) == after


@pytest.mark.parametrize(
    "token",
    ["sbx-paid-consumed-0002", "sbx-unpaid-0003", "sbx-failed-0004", "sbx-sample-003-0011"],
)
def test_consume_of_a_consumed_unpaid_or_failed_purchase_is_3800(
    http: httpx.Client, token: str
) -> None:
    before = data_of(http, token)
    assert call(http, CONSUME, fields(token)) == ERROR_CONSUMING
    assert data_of(http, token) == before


@pytest.mark.parametrize("token", ["sbx-amazon-0008", "sbx-huawei-0009"])
def test_amazon_and_huawei_cannot_be_consumed_by_the_server(http: httpx.Client, token: str) -> None:
    assert call(http, CONSUME, fields(token)) == MULTISTORE_ERROR
    assert data_of(http, token)["consumptionState"] == 0


def test_consume_stores_the_developer_payload(http: httpx.Client) -> None:
    form = fields("sbx-xiaomi-0006") | {"developerPayload": "ticket-4711"}
    assert call(http, CONSUME, form) == CONSUMED
    assert data_of(http, "sbx-xiaomi-0006")["developerPayload"] == "ticket-4711"


def test_consume_without_a_payload_keeps_the_old_one(http: httpx.Client) -> None:
    before = data_of(http, "sbx-paid-unconsumed-0001")["developerPayload"]
    call(http, CONSUME, fields("sbx-paid-unconsumed-0001"))
    assert data_of(http, "sbx-paid-unconsumed-0001")["developerPayload"] == before


def test_reset_restores_the_seeds(sandbox: SandboxServer, http: httpx.Client) -> None:
    call(http, CONSUME, fields("sbx-paid-unconsumed-0001"))
    sandbox.state.reset()
    assert data_of(http, "sbx-paid-unconsumed-0001")["consumptionState"] == 0


def test_racing_consumes_succeed_exactly_once(sandbox: SandboxServer) -> None:
    def consume_once(_: int) -> object:
        with client(sandbox.url) as http:
            return call(http, CONSUME, fields("sbx-paid-unconsumed-0001"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(consume_once, range(8)))
    assert replies.count(CONSUMED) == 1
    assert replies.count(ERROR_CONSUMING) == 7
