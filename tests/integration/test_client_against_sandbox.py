"""The API client against the sandbox served over real HTTP on loopback: every seeded order
and every fault token, through the wire format (the sandbox builds its own JSON)."""

from __future__ import annotations

import pytest

from console.payments.apikey import ApiKey
from console.payments.client import PaymentsClient, Timeouts
from console.payments.errors import (
    ApiError,
    BodyTooLargeError,
    EmptyBodyError,
    HttpStatusError,
    PaymentsError,
    RequestTimeout,
    StoreRuleViolation,
    TruncatedJson,
)
from console.payments.models import PURCHASE_WIRE_NAMES
from console.payments.query import PurchaseQuery
from console.payments.stores import Store
from console.sandbox.orders import SEED_ORDERS, SeedOrder
from console.sandbox.server import SandboxServer


def _query(order: SeedOrder) -> PurchaseQuery:
    return PurchaseQuery(order.token, Store(order.store), order.product_id, order.currency)


def _client(sandbox: SandboxServer, key: str | None = None, read: float = 5.0) -> PaymentsClient:
    return PaymentsClient(
        sandbox.url, ApiKey(key or sandbox.api_key), Timeouts(connect=2.0, read=read)
    )


@pytest.mark.parametrize("order", SEED_ORDERS, ids=lambda order: order.token)
async def test_every_seeded_order_verifies_into_typed_fields(
    sandbox: SandboxServer, order: SeedOrder
) -> None:
    async with _client(sandbox) as client:
        result = await client.verify(_query(order))
    purchase = result.purchase
    for attribute, wire in PURCHASE_WIRE_NAMES.items():
        if wire in order.data:
            value = getattr(purchase, attribute)
            assert value == order.data[wire], wire
    known = set(PURCHASE_WIRE_NAMES.values())
    assert dict(purchase.extra) == {k: v for k, v in order.data.items() if k not in known}
    assert result.http_status == 200 and result.latency_ms > 0


@pytest.mark.parametrize(
    "order",
    [
        o
        for o in SEED_ORDERS
        if o.data.get("purchaseState") == 1
        and o.data.get("consumptionState") == 0
        and o.store in ("nowgg", "xiaomi", "onestore")
    ],
    ids=lambda order: order.token,
)
async def test_every_consumable_order_consumes_once(
    sandbox: SandboxServer, order: SeedOrder
) -> None:
    async with _client(sandbox) as client:
        consumed = await client.consume(_query(order), developer_payload="ticket-1")
        assert consumed.envelope.code == 0
        after = await client.verify(_query(order))
        assert after.purchase.consumption_state == 1
        with pytest.raises(ApiError) as again:
            await client.consume(_query(order))
    assert again.value.code == 3800


@pytest.mark.parametrize("store", ["amazon", "huawei"])
async def test_client_side_stores_are_refused_before_sending(
    sandbox: SandboxServer, store: str
) -> None:
    order = next(o for o in SEED_ORDERS if o.store == store)
    async with _client(sandbox) as client:
        with pytest.raises(StoreRuleViolation, match="consumed on the game client"):
            await client.consume(_query(order))
    current = sandbox.state.get(order.token)
    assert current is not None and current.data == order.data


FAULTS: list[tuple[str, type[PaymentsError], str]] = [
    ("sbx-fault-no-reply", RequestTimeout, "no reply within 0.5 s"),
    ("sbx-fault-http-500", HttpStatusError, "HTTP 500"),
    ("sbx-fault-html-502", HttpStatusError, "502 Bad Gateway"),
    ("sbx-fault-malformed-json", TruncatedJson, "cut off after"),
    ("sbx-fault-empty-body", EmptyBodyError, "empty body"),
    ("sbx-fault-huge-body", BodyTooLargeError, "larger than"),
    ("sbx-fault-code-150", ApiError, "code 150"),
]


@pytest.mark.parametrize(("token", "error", "words"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_every_fault_token_becomes_its_typed_error(
    sandbox: SandboxServer, token: str, error: type[PaymentsError], words: str
) -> None:
    # Only the no-reply fault needs a short timeout; the others must not race a busy machine.
    read = 0.5 if token == "sbx-fault-no-reply" else 10.0
    async with _client(sandbox, read=read) as client:
        with pytest.raises(error) as raised:
            await client.verify(PurchaseQuery(token))
    assert words in raised.value.reason


async def test_a_slow_reply_arrives(sandbox: SandboxServer) -> None:
    async with _client(sandbox, read=5.0) as client:
        result = await client.verify(PurchaseQuery("sbx-fault-slow-2s"))
    assert result.purchase.purchase_state == 1


async def test_a_wrong_key_is_3900_and_never_in_the_reason(sandbox: SandboxServer) -> None:
    async with _client(sandbox, key="wrong-secret-key-42") as client:
        with pytest.raises(ApiError) as raised:
            await client.verify(PurchaseQuery("sbx-paid-unconsumed-0001"))
    assert raised.value.code == 3900
    assert "wrong-secret-key-42" not in raised.value.reason + repr(raised.value)


async def test_a_multi_store_order_without_its_fields_is_refused_before_sending(
    sandbox: SandboxServer,
) -> None:
    async with _client(sandbox) as client:
        with pytest.raises(StoreRuleViolation, match="product id and currency"):
            await client.verify(PurchaseQuery("sbx-xiaomi-0006", Store.XIAOMI))
