"""acknowledgePurchase over real HTTP: every seeded subscription's answer, a repeated
acknowledge, the camel-case path, and verify of a subscription's token (API.md [public])."""

from __future__ import annotations

import httpx
import pytest

from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import (
    ACKNOWLEDGE,
    CONSUMED,
    NOT_EXIST,
    VERIFY,
    call,
    failure,
    post,
)

ACKNOWLEDGED = CONSUMED  # the same documented success: {"success":true,…,"data":{}}
NO_SUBSCRIPTION = failure(5001, "NO_VALID_SUBSCRIPTION_FOUND")
INVALID_OPERATION = failure(5002, "INVALID_SUBSCRIPTION_OPERATION")
INACTIVE = failure(5004, "SUBSCRIPTION_INACTIVE")
ACTIVE_EXISTS = failure(5006, "ACTIVE_SUBSCRIPTION_ALREADY_EXISTS")
HOUR_MS = 3_600_000


def ack(http: httpx.Client, token: str, **kwargs: str | None) -> object:
    return call(http, ACKNOWLEDGE, {"purchaseToken": token}, **kwargs)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("sbx-sub-fresh-0101", ACKNOWLEDGED),
        ("sbx-sub-near-deadline-0102", ACKNOWLEDGED),
        ("sbx-sub-past-deadline-0103", INACTIVE),
        ("sbx-sub-acknowledged-0104", INVALID_OPERATION),
        ("sbx-sub-not-a-subscription-0105", NO_SUBSCRIPTION),
        ("sbx-sub-user-has-one-0106", ACTIVE_EXISTS),
        ("sbx-sub-cancelled-0107", INVALID_OPERATION),
        ("sbx-paid-unconsumed-0001", NO_SUBSCRIPTION),
        ("no-such-token", NO_SUBSCRIPTION),
        ("", NO_SUBSCRIPTION),
    ],
)
def test_every_seeded_subscription_answers_as_documented(
    http: httpx.Client, token: str, expected: dict[str, object]
) -> None:
    assert ack(http, token) == expected


@pytest.mark.parametrize("token", ["sbx-sub-fresh-0101", "sbx-sub-near-deadline-0102"])
def test_a_repeated_acknowledge_answers_5002(http: httpx.Client, token: str) -> None:
    assert ack(http, token) == ACKNOWLEDGED
    assert ack(http, token) == INVALID_OPERATION
    assert ack(http, token) == INVALID_OPERATION


def test_the_camel_case_path_is_no_route(http: httpx.Client) -> None:
    for path in (
        "v2/seller/order/acknowledgePurchase",
        "v2/sellers/order/acknowledgepurchase",
        "v2/order/acknowledgepurchase",
    ):
        assert call(http, path, {"purchaseToken": "sbx-sub-fresh-0101"}) == NOT_EXIST
    # Nothing was acknowledged by those: the documented path still succeeds.
    assert ack(http, "sbx-sub-fresh-0101") == ACKNOWLEDGED


def test_acknowledge_needs_the_key(http: httpx.Client) -> None:
    assert ack(http, "sbx-sub-fresh-0101", key="wrong") == failure(
        3900, "INVALID_AUTHORIZATION_KEY"
    )
    assert ack(http, "sbx-sub-fresh-0101", key=None) == failure(3900, "INVALID_AUTHORIZATION_KEY")
    assert ack(http, "sbx-sub-fresh-0101") == ACKNOWLEDGED


def test_acknowledge_takes_a_form_not_json(http: httpx.Client) -> None:
    reply = http.post(
        ACKNOWLEDGE,
        json={"purchaseToken": "sbx-sub-fresh-0101"},
        headers={"Authorization": "sandbox-key-nowgg-console-0000"},
    )
    assert reply.json() == NO_SUBSCRIPTION


def test_verify_answers_a_subscription_like_any_purchase(
    sandbox: SandboxServer, http: httpx.Client
) -> None:
    ordinary = call(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"})
    reply = call(http, VERIFY, {"purchaseToken": "sbx-sub-fresh-0101"})
    assert isinstance(reply, dict) and isinstance(ordinary, dict)
    data = reply["data"]
    # The documented fields and no others: the reply carries nothing about subscriptions.
    assert list(data) == list(ordinary["data"])
    assert (data["purchaseState"], data["consumptionState"]) == (1, 0)
    assert data["purchaseToken"] == "sbx-sub-fresh-0101"
    bought = int(data["purchaseTime"])
    assert bought == int(data["purchaseTimeMillis"])
    # Bought an hour before the sandbox's clock (reset by the fixture).
    assert sandbox.state.now_ms() - bought >= HOUR_MS
    assert sandbox.state.now_ms() - bought < HOUR_MS + 60_000
    # Acknowledging changes nothing the reply shows.
    assert ack(http, "sbx-sub-fresh-0101") == ACKNOWLEDGED
    assert call(http, VERIFY, {"purchaseToken": "sbx-sub-fresh-0101"}) == reply


def test_the_deadline_of_a_seeded_subscription_is_three_days_from_purchase(
    http: httpx.Client, sandbox: SandboxServer
) -> None:
    reply = call(http, VERIFY, {"purchaseToken": "sbx-sub-near-deadline-0102"})
    assert isinstance(reply, dict)
    left = int(reply["data"]["purchaseTime"]) + 72 * HOUR_MS - sandbox.state.now_ms()
    assert 2 * HOUR_MS - 60_000 < left <= 2 * HOUR_MS


def test_a_fault_token_breaks_acknowledge_as_it_breaks_the_others(http: httpx.Client) -> None:
    reply = post(http, ACKNOWLEDGE, {"purchaseToken": "sbx-fault-html-502"})
    assert reply.status_code == 502 and reply.headers["content-type"] == "text/html"
