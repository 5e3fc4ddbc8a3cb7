"""The sandbox's subscription webhooks, delivered over loopback to a small receiver: the body
and the key (the webhook key, never the payments key), the events of acknowledge and of the
clock, and now.gg's retry behaviour on a wrong answer — retried with backoff, bounded."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from console.sandbox.clock import SandboxClock
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.server import SandboxError, SandboxServer
from console.sandbox.state import SandboxState
from console.sandbox.webhooks import RetrySchedule, WebhookTarget
from tests.sandbox.sandbox_wire import ACKNOWLEDGE, CONSUMED, call, client, failure
from tests.sandbox.test_sandbox_request_log import Lines
from tests.sandbox.webhook_receiver import Answer, Delivery, WebhookReceiver

WEBHOOK_KEY = "whk-studio-webhook-key-4c2e"
FAST = RetrySchedule(retries=2, first_backoff_s=0.01, timeout_s=0.3)
HOUR_MS = 3_600_000
PERIOD_MS = 720 * HOUR_MS
DATA_KEYS = {
    "orderId",
    "packageName",
    "productId",
    "eventTime",
    "expiryTime",
    "amount",
    "isTestOrder",
    "currency",
    "paymentId",
    "developerPayload",
}


@contextmanager
def delivering(
    answers: tuple[Answer, ...] = (Answer.SUCCESS,),
    schedule: RetrySchedule = FAST,
    **server_args: Any,
) -> Iterator[tuple[SandboxServer, WebhookReceiver, httpx.Client, Lines]]:
    lines = Lines()
    with WebhookReceiver(answers) as receiver:
        target = WebhookTarget(receiver.url, WEBHOOK_KEY, schedule)
        server = SandboxServer(webhooks=target, log=lines, **server_args)
        with server, client(server.url) as http:
            yield server, receiver, http, lines


def acknowledge(http: httpx.Client, token: str) -> object:
    return call(http, ACKNOWLEDGE, {"purchaseToken": token})


def advance(http: httpx.Client, hours: float) -> None:
    reply = http.post(
        "_sandbox/advance", data={"hours": str(hours)}, headers={"Authorization": SANDBOX_API_KEY}
    )
    assert reply.status_code == 200, reply.text


def kinds(received: list[Delivery], payload: str | None = None) -> list[str]:
    return [
        str(d.body["notificationType"])
        for d in received
        if payload is None or d.body["data"]["developerPayload"] == payload
    ]


def settled(server: SandboxServer) -> None:
    assert server.wait_for_webhooks(15), "webhooks still pending"


def test_acknowledge_delivers_purchased_once_with_the_documented_body() -> None:
    with delivering() as (server, receiver, http, lines):
        assert acknowledge(http, "sbx-sub-fresh-0101") == CONSUMED
        settled(server)
        now = server.state.now_ms()
    (delivery,) = receiver.received
    assert delivery.path == "/webhooks/nowgg"
    assert delivery.headers["authorization"] == WEBHOOK_KEY
    assert delivery.headers["content-type"] == "application/json"
    body = delivery.body
    assert list(body) == ["notificationType", "data"]
    assert body["notificationType"] == "SUBSCRIPTION_PURCHASED"
    data = body["data"]
    assert set(data) == DATA_KEYS
    assert (data["productId"], data["currency"], data["amount"]) == ("vip_monthly", "USD", 4.99)
    assert (data["packageName"], data["paymentId"]) == ("com.example.sandboxgame", "8071")
    assert (data["isTestOrder"], data["developerPayload"]) == (False, "uid=30101")
    assert isinstance(data["eventTime"], int) and isinstance(data["expiryTime"], int)
    assert 0 <= now - data["eventTime"] < 60_000
    assert data["expiryTime"] - data["eventTime"] == PERIOD_MS
    assert data["orderId"].startswith("1-")
    assert any("attempt 1/3  delivered (HTTP 200)" in line for line in lines.all())


def test_the_payments_key_is_never_sent_as_the_webhook_key() -> None:
    secret = "live-payments-key-9b8a7c6d"
    with delivering(api_key=secret) as (server, receiver, http, lines):
        reply = http.post(
            ACKNOWLEDGE,
            data={"purchaseToken": "sbx-sub-fresh-0101"},
            headers={"Authorization": secret},
        )
        assert reply.json() == CONSUMED
        advance_reply = http.post(
            "_sandbox/advance", data={"hours": "3"}, headers={"Authorization": secret}
        )
        assert advance_reply.status_code == 200
        settled(server)
    assert len(receiver.received) >= 3
    for delivery in receiver.received:
        assert delivery.headers["authorization"] == WEBHOOK_KEY
        assert secret not in str(delivery.headers) and secret not in str(delivery.body)
    assert WEBHOOK_KEY not in "\n".join(lines.all())


def test_a_server_is_not_given_one_key_for_both() -> None:
    target = WebhookTarget("http://127.0.0.1:9/hook", SANDBOX_API_KEY)
    with pytest.raises(SandboxError, match="the webhook key must be a key of its own"):
        SandboxServer(webhooks=target)


def test_advance_past_a_deadline_sends_cancelled_and_acknowledge_is_5004() -> None:
    with delivering() as (server, receiver, http, _):
        advance(http, 3)
        settled(server)
        assert acknowledge(http, "sbx-sub-near-deadline-0102") == failure(
            5004, "SUBSCRIPTION_INACTIVE"
        )
        settled(server)
    assert kinds(receiver.received, "uid=30102") == [
        "SUBSCRIPTION_CANCELLED",
        "SUBSCRIPTION_EXPIRED",
    ]
    cancelled = receiver.received[0].body["data"]
    assert cancelled["eventTime"] == cancelled["expiryTime"]


def test_advance_past_a_period_sends_renewed_with_a_new_order_id() -> None:
    with delivering() as (server, receiver, http, _):
        assert acknowledge(http, "sbx-sub-fresh-0101") == CONSUMED
        advance(http, 721)
        settled(server)
    purchased, renewed = [
        d.body for d in receiver.received if d.body["data"]["developerPayload"] == "uid=30101"
    ]
    assert purchased["notificationType"] == "SUBSCRIPTION_PURCHASED"
    assert renewed["notificationType"] == "SUBSCRIPTION_RENEWED"
    assert renewed["data"]["orderId"] != purchased["data"]["orderId"]
    assert renewed["data"]["eventTime"] == purchased["data"]["expiryTime"]
    assert renewed["data"]["expiryTime"] == renewed["data"]["eventTime"] + PERIOD_MS
    # The user 30104: the subscription left unacknowledged (0106) was cancelled at its
    # deadline, the active one (0104) renewed; the one its user cancelled (0107) expired.
    assert kinds(receiver.received, "uid=30104") == [
        "SUBSCRIPTION_CANCELLED",
        "SUBSCRIPTION_EXPIRED",
        "SUBSCRIPTION_RENEWED",
    ]
    assert kinds(receiver.received, "uid=30107") == ["SUBSCRIPTION_EXPIRED"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer.HTTP_500, "HTTP 500"),
        (Answer.HTML, "HTTP 200 but not JSON (text/html)"),
        (Answer.SUCCESS_FALSE, 'HTTP 200 without "success": true'),
        (Answer.SUCCESS_STRING, 'HTTP 200 without "success": true'),
        (Answer.NEVER, "no answer within 0.3 s"),
    ],
)
def test_a_wrong_answer_is_retried_with_backoff_and_given_up(answer: Answer, reason: str) -> None:
    with delivering((answer,)) as (server, receiver, http, lines):
        acknowledge(http, "sbx-sub-fresh-0101")
        settled(server)
    # Bounded: the first attempt and two retries, of the same notification.
    assert len(receiver.received) == 3
    assert len({str(d.body) for d in receiver.received}) == 1
    attempts = [line.split("  ", 1)[1] for line in lines.all() if "  webhook " in line]
    where = f"webhook SUBSCRIPTION_PURCHASED sbx-sub-fresh-0101 → {receiver.url}"
    assert attempts == [
        f"{where}  attempt 1/3  {reason}: retry in 0.01 s",
        f"{where}  attempt 2/3  {reason}: retry in 0.02 s",
        f"{where}  attempt 3/3  {reason}: given up",
    ]


def test_a_wrong_then_right_answer_is_delivered_on_the_retry() -> None:
    with delivering((Answer.HTTP_500, Answer.SUCCESS)) as (server, receiver, http, lines):
        acknowledge(http, "sbx-sub-fresh-0101")
        settled(server)
    assert len(receiver.received) == 2
    log = "\n".join(lines.all())
    assert "attempt 1/3  HTTP 500: retry in 0.01 s" in log
    assert "attempt 2/3  delivered (HTTP 200)" in log


def test_an_endpoint_that_is_not_there_is_given_up_after_the_retries() -> None:
    lines = Lines()
    with WebhookReceiver() as gone:
        url = gone.url  # a port that was just closed
    target = WebhookTarget(url, WEBHOOK_KEY, FAST)
    with SandboxServer(webhooks=target, log=lines) as server, client(server.url) as http:
        acknowledge(http, "sbx-sub-fresh-0101")
        settled(server)
    attempts = [line for line in lines.all() if "  webhook " in line]
    assert len(attempts) == 3
    assert all("no connection (" in line for line in attempts)
    assert attempts[-1].endswith("given up")


def test_a_deadline_passing_in_real_time_is_sent_without_any_request() -> None:
    wall = [1_767_225_600.0]
    state = SandboxState(clock=SandboxClock(wall=lambda: wall[0]))
    with delivering(state=state, webhook_tick_s=0.02) as (server, receiver, _, _):
        wall[0] += 2 * 3600  # two hours pass: the near-deadline subscription's last two
        wait_for(lambda: len(receiver.received) == 2)
        settled(server)
    assert kinds(receiver.received) == ["SUBSCRIPTION_CANCELLED", "SUBSCRIPTION_EXPIRED"]


def test_stopping_drops_waiting_retries_and_says_so() -> None:
    slow = RetrySchedule(retries=3, first_backoff_s=60, timeout_s=0.3)
    with delivering((Answer.HTTP_500,), slow) as (_, receiver, http, lines):
        acknowledge(http, "sbx-sub-fresh-0101")
        wait_for(lambda: any("retry in 60 s" in line for line in lines.all()))
    assert len(receiver.received) == 1
    assert lines.all()[-1].endswith("1 webhook not delivered: the sandbox stopped")


def test_without_a_webhook_url_nothing_is_delivered(sandbox: SandboxServer) -> None:
    with WebhookReceiver() as receiver, client(sandbox.url) as http:
        assert acknowledge(http, "sbx-sub-fresh-0101") == CONSUMED
        advance(http, 800)
        assert sandbox.wait_for_webhooks(1)
    assert receiver.received == []


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)
