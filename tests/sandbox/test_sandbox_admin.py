"""The sandbox's admin endpoint over real HTTP: mint in every state and store (the tokens verify
as asked), reset, advance, and its refusals (key, loopback only, method, action, values)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import console.sandbox.state as state_module
from console.sandbox.admin import from_loopback
from console.sandbox.app import SandboxApp
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.server import SandboxServer
from console.sandbox.state import SandboxState
from tests.sandbox.sandbox_wire import ACKNOWLEDGE, CONSUME, CONSUMED, VERIFY, call, failure

STATES = {"paid": 1, "unpaid": 0, "failed": 2}
STORES = ["nowgg", "xiaomi", "onestore", "amazon", "huawei"]
HOUR_MS = 3_600_000


def admin(
    http: httpx.Client, action: str, form: dict[str, str] | None = None, *, key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": key or SANDBOX_API_KEY}
    return http.post(f"_sandbox/{action}", data=form or {}, headers=headers)


def minted(http: httpx.Client, **form: str) -> list[dict[str, Any]]:
    reply = admin(http, "mint", form)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["sandbox"], body["ok"]) == ("nowgg-console", True)
    tokens: list[dict[str, Any]] = body["tokens"]
    return tokens


def verify_form(row: dict[str, Any]) -> dict[str, str]:
    form = {"purchaseToken": row["token"]}
    if row["store"] != "nowgg":
        form |= {"type": row["store"], "productId": row["productId"], "currency": row["currency"]}
    return form


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("state", list(STATES))
def test_minted_tokens_verify_as_asked(
    sandbox: SandboxServer, http: httpx.Client, state: str, store: str
) -> None:
    rows = minted(http, count="3", state=state, store=store)
    assert len(rows) == 3 and len({row["token"] for row in rows}) == 3
    for row in rows:
        assert (row["store"], row["purchaseState"], row["subscription"]) == (
            store,
            STATES[state],
            False,
        )
        reply = call(http, VERIFY, verify_form(row))
        assert isinstance(reply, dict) and reply["code"] == 0, reply
        data = reply["data"]
        assert (data["purchaseState"], data["consumptionState"]) == (STATES[state], 0)
        assert data["isTestOrder"] is False and data["purchaseToken"] == row["token"]
        assert data["payStatusTxt"] == ("Paid" if state == "paid" else "Unpaid")
        # Bought now on the sandbox's clock.
        assert abs(sandbox.state.now_ms() - int(data["purchaseTime"])) < 60_000


def test_minted_test_orders_say_so_and_consume_like_any_order(http: httpx.Client) -> None:
    (row,) = minted(http, count="1", testOrder="true")
    assert row["isTestOrder"] is True
    reply = call(http, VERIFY, verify_form(row))
    assert isinstance(reply, dict) and reply["data"]["isTestOrder"] is True
    assert call(http, CONSUME, verify_form(row)) == CONSUMED
    again = call(http, VERIFY, verify_form(row))
    assert isinstance(again, dict) and again["data"]["consumptionState"] == 1


def test_a_multi_store_mint_needs_its_fields_like_a_seeded_one(http: httpx.Client) -> None:
    (row,) = minted(http, count="1", store="xiaomi")
    assert (row["productId"], row["currency"]) == ("com.example.gems.500", "INR")
    bare = call(http, VERIFY, {"purchaseToken": row["token"]})
    assert bare == failure(5014, "MULTISTORE_UNKNOWN_ERROR")


def test_minted_subscriptions_can_be_acknowledged_once(http: httpx.Client) -> None:
    rows = minted(http, count="2", subscription="true")
    assert all(row["subscription"] for row in rows)
    for row in rows:
        assert call(http, ACKNOWLEDGE, {"purchaseToken": row["token"]}) == CONSUMED
    assert call(http, ACKNOWLEDGE, {"purchaseToken": rows[0]["token"]}) == failure(
        5002, "INVALID_SUBSCRIPTION_OPERATION"
    )


def test_reset_restores_the_seeds_and_forgets_minted_tokens(
    sandbox: SandboxServer, http: httpx.Client
) -> None:
    seed = {"purchaseToken": "sbx-paid-unconsumed-0001"}
    assert call(http, CONSUME, seed) == CONSUMED
    assert call(http, ACKNOWLEDGE, {"purchaseToken": "sbx-sub-fresh-0101"}) == CONSUMED
    (row,) = minted(http, count="1")
    admin(http, "advance", {"hours": "5"})
    reply = admin(http, "reset")
    assert reply.status_code == 200
    body = reply.json()
    assert body["ok"] is True and body["subscriptions"] == 6
    assert abs(body["clock"] - sandbox.state.now_ms()) < 60_000
    after = call(http, VERIFY, seed)
    assert isinstance(after, dict) and after["data"]["consumptionState"] == 0
    assert call(http, VERIFY, verify_form(row)) == failure(3901, "INVALID_PURCHASE_TOKEN")
    assert call(http, ACKNOWLEDGE, {"purchaseToken": "sbx-sub-fresh-0101"}) == CONSUMED
    assert sandbox.state.clock_offset_ms == 0


def test_advance_reports_what_fell_due(http: httpx.Client) -> None:
    reply = admin(http, "advance", {"hours": "2.5"})
    assert reply.status_code == 200
    body = reply.json()
    assert body["aheadHours"] == 2.5
    kinds = [(event["notificationType"], event["token"]) for event in body["events"]]
    assert kinds == [
        ("SUBSCRIPTION_CANCELLED", "sbx-sub-near-deadline-0102"),
        ("SUBSCRIPTION_EXPIRED", "sbx-sub-near-deadline-0102"),
    ]
    cancelled = body["events"][0]
    assert cancelled["eventTime"] == cancelled["expiryTime"]
    assert call(http, ACKNOWLEDGE, {"purchaseToken": "sbx-sub-near-deadline-0102"}) == failure(
        5004, "SUBSCRIPTION_INACTIVE"
    )


@pytest.mark.parametrize("key", ["wrong-key", "Bearer " + SANDBOX_API_KEY])
def test_the_admin_endpoint_answers_the_sandbox_key_only(http: httpx.Client, key: str) -> None:
    reply = admin(http, "mint", {"count": "1"}, key=key)
    assert reply.status_code == 403
    assert reply.json() == {
        "sandbox": "nowgg-console",
        "ok": False,
        "error": "the sandbox's admin endpoint answers the sandbox's key only",
    }
    no_key = http.post("_sandbox/reset")
    assert no_key.status_code == 403


@pytest.mark.parametrize(
    ("action", "form", "status", "error"),
    [
        ("mint", {"count": "0"}, 400, "count must be a whole number from 1 to 10000"),
        ("mint", {"count": "10001"}, 400, "count must be a whole number from 1 to 10000"),
        ("mint", {"count": "x"}, 400, "count must be a whole number from 1 to 10000"),
        ("mint", {"state": "refunded"}, 400, "state must be paid, unpaid or failed"),
        ("mint", {"store": "steam"}, 400, "store must be one of"),
        ("mint", {"testOrder": "yes"}, 400, "testOrder must be true or false"),
        ("mint", {"subscription": "true", "store": "xiaomi"}, 400, "subscriptions are nowgg"),
        ("advance", {"hours": "0"}, 400, "hours must be a number above 0"),
        ("advance", {"hours": "nan"}, 400, "hours must be a number above 0"),
        ("advance", {"hours": "8785"}, 400, "at most 8784"),
        ("advance", {}, 400, "hours must be"),
        ("explode", {}, 404, "no such sandbox action; there are mint, reset, advance"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    http: httpx.Client, action: str, form: dict[str, str], status: int, error: str
) -> None:
    reply = admin(http, action, form)
    assert reply.status_code == status
    body = reply.json()
    assert (body["sandbox"], body["ok"]) == ("nowgg-console", False)
    assert body["error"].startswith(error) or error in body["error"]


def test_admin_actions_are_posts(http: httpx.Client) -> None:
    reply = http.get("_sandbox/reset", headers={"Authorization": SANDBOX_API_KEY})
    assert reply.status_code == 405 and reply.json()["ok"] is False


def test_now_gg_paths_never_reach_the_admin_endpoint(http: httpx.Client) -> None:
    # The prefix is the sandbox's own: under a now.gg path the action names are unknown paths.
    reply = call(http, "v2/_sandbox/reset", {})
    assert reply == {"success": False, "code": 150, "codeMsg": "interface not exist", "data": {}}


async def _asgi_request(app: SandboxApp, path: str, client: object) -> tuple[int, bytes]:
    """One request straight into the ASGI app, with a peer address no socket test can make."""
    sent: list[dict[str, Any]] = []
    body = b"count=1"

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "client": client,
        "headers": [
            (b"authorization", SANDBOX_API_KEY.encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
    }
    await app(scope, receive, send)
    return sent[0]["status"], sent[1]["body"]


@pytest.mark.parametrize("peer", [("192.0.2.7", 40000), ("2001:db8::1", 40000), None])
def test_the_admin_endpoint_refuses_a_peer_beyond_this_machine(peer: object) -> None:
    state = SandboxState()
    app = SandboxApp(state)
    status, body = asyncio.run(_asgi_request(app, "/_sandbox/mint", peer))
    assert status == 403
    assert b"answers requests from this machine only" in body
    assert state.get("sbx-mint-paid-000001") is None
    # The same request from loopback is served.
    status, _ = asyncio.run(_asgi_request(app, "/_sandbox/mint", ("127.0.0.1", 40000)))
    assert status == 200


@pytest.mark.parametrize(
    ("peer", "local"),
    [
        (("127.0.0.1", 1), True),
        (("127.8.9.10", 1), True),
        (("::1", 1), True),
        (("::ffff:127.0.0.1", 1), True),
        (("::ffff:192.0.2.7", 1), False),
        (("10.0.0.1", 1), False),
        (("localhost", 1), False),  # ASGI gives addresses, never names
        (None, False),
        ((), False),
    ],
)
def test_loopback_is_judged_by_the_peer_address(peer: object, local: bool) -> None:
    assert from_loopback(peer) is local


def test_a_mint_beyond_what_the_sandbox_holds_is_refused(
    http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lowered, the limit is reached with a few tokens instead of 200,000.
    monkeypatch.setattr(state_module, "MAX_MINTED", 3)
    minted(http, count="2")
    reply = admin(http, "mint", {"count": "2"})
    assert reply.status_code == 400
    assert "holds at most 3 minted tokens and has 2: reset it first" in reply.json()["error"]


def test_the_command_line_checks_the_sandboxs_own_limits() -> None:
    from console.cli import sandbox_flag_values
    from console.sandbox import admin, minting, subscriptions

    assert sandbox_flag_values.MAX_MINT == minting.MAX_PER_REQUEST
    assert sandbox_flag_values.MAX_HOURS == admin.MAX_ADVANCE_HOURS
    assert sandbox_flag_values.MAX_HOURS == subscriptions.MAX_PERIOD_HOURS
    assert sandbox_flag_values.MIN_PERIOD_HOURS == subscriptions.MIN_PERIOD_HOURS
    assert sandbox_flag_values.DEFAULT_PERIOD_HOURS == subscriptions.DEFAULT_PERIOD_HOURS
