"""acknowledgePurchase through the client: every seeded subscription of the loopback sandbox,
and the exact request on the wire (a hostile server keeps what it received)."""

from __future__ import annotations

import pytest

from console.payments import ApiError, ApiKey, PaymentsClient, PaymentsError, PurchaseQuery, Store
from console.payments.wire import ACKNOWLEDGE_PATH
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from tests.hostile_server import HOSTILE_KEY, HostileServer, Reply, json_reply

SUCCESS = {"success": True, "code": 0, "codeMsg": "success", "data": {}}


def _query(token: str) -> PurchaseQuery:
    return PurchaseQuery(token=token, store=Store.NOWGG)


async def _code(client: PaymentsClient, token: str) -> int:
    try:
        result = await client.acknowledge(_query(token))
    except ApiError as error:
        return error.code
    assert result.envelope.success and result.http_status == 200
    return result.envelope.code


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (seeded.FRESH_TOKEN, 0),
        (seeded.NEAR_DEADLINE_TOKEN, 0),
        (seeded.PAST_DEADLINE_TOKEN, 5004),
        (seeded.ACKNOWLEDGED_TOKEN, 5002),
        (seeded.NOT_A_SUBSCRIPTION_TOKEN, 5001),
        (seeded.USER_HAS_ONE_TOKEN, 5006),
        (seeded.CANCELLED_BY_USER_TOKEN, 5002),
    ],
)
async def test_every_seeded_subscription_gets_its_answer(
    sandbox: SandboxServer, token: str, code: int
) -> None:
    async with PaymentsClient(sandbox.url, ApiKey(sandbox.api_key)) as client:
        assert await _code(client, token) == code


async def test_a_second_acknowledge_is_answered_5002_not_doubled(sandbox: SandboxServer) -> None:
    async with PaymentsClient(sandbox.url, ApiKey(sandbox.api_key)) as client:
        assert await _code(client, seeded.FRESH_TOKEN) == 0
        assert await _code(client, seeded.FRESH_TOKEN) == 5002


async def test_the_request_is_the_documented_one(hostile: HostileServer) -> None:
    hostile.default = json_reply(SUCCESS)
    async with PaymentsClient(hostile.url, ApiKey(HOSTILE_KEY)) as client:
        query = PurchaseQuery(
            token="sub-token-1234", store=Store.XIAOMI, product_id="vip", currency="USD"
        )
        prepared = client.prepare_acknowledge(query)
        assert prepared.url.endswith("/" + ACKNOWLEDGE_PATH)
        assert HOSTILE_KEY not in repr(prepared)  # masked wherever it is shown
        result = await client.send_acknowledge(prepared)
    assert result.envelope.code == 0
    (received,) = hostile.requests
    assert received.method == "POST"
    assert received.path == "/v2/seller/order/acknowledgepurchase"
    # The raw key, no `Bearer`; the form holds the token alone, as documented.
    assert received.headers["authorization"] == HOSTILE_KEY
    assert dict(received.form) == {"purchaseToken": "sub-token-1234"}


async def test_a_lost_reply_is_an_unknown_outcome_and_is_not_retried(
    hostile: HostileServer,
) -> None:
    # Headers, then the connection cut mid-body: the request certainly arrived.
    hostile.default = Reply(body=b'{"success": true, "code": 0, "codeMsg"', close_early=10)
    async with PaymentsClient(hostile.url, ApiKey(HOSTILE_KEY)) as client:
        with pytest.raises(PaymentsError) as raised:
            await client.acknowledge(_query("sub-token-1234"))
    assert raised.value.outcome_unknown
    assert len(hostile.requests) == 1
