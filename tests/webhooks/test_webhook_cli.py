"""`nowgg-console webhook send|listen`, run as a user runs them: the sandbox's webhooks into
`webhook listen` with the right key and a wrong one; `webhook send` judged against an endpoint
that answers success, HTTP 500, HTML, `{"success": false}` and never; and a key of one kind
never sent as the other."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.payments.wire import ACKNOWLEDGE_PATH
from console.sandbox import subscriptions as seeded
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.server import SandboxServer
from console.sandbox.webhooks import RetrySchedule, WebhookTarget
from tests.cli.cli_runner import run_cli, start_cli
from tests.cli.json_schemas import check_document
from tests.hostile_server import (
    HOSTILE_KEY,
    HostileServer,
    Reply,
    json_reply,
    purchase_envelope,
)

WEBHOOK_KEY = "whk-studio-endpoint-7781"
ENV = {"NOWGG_CONSOLE_WEBHOOK_KEY_SANDBOX": WEBHOOK_KEY}


class Listening:
    """A `webhook listen --json` process and the lines it prints, read as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        assert process.stderr is not None and process.stdout is not None
        first = process.stderr.readline()
        assert "Listening for webhooks on " in first, first
        self.url = first.split("Listening for webhooks on ")[1].split(" ")[0]
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def next(self) -> dict[str, object]:
        value = json.loads(self._lines.get(timeout=30))
        assert isinstance(value, dict)
        check_document("webhook-listen", value)  # each line fits the schema the package ships
        return value


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[Listening]:
    process = start_cli(tmp_path, "webhook", "listen", "--json", env=ENV)
    try:
        yield Listening(process)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _target(url: str, key: str) -> WebhookTarget:
    return WebhookTarget(url, key, RetrySchedule(retries=1, first_backoff_s=0.05, timeout_s=5))


def test_the_sandboxs_webhooks_arrive_decoded_with_the_right_key(listening: Listening) -> None:
    with SandboxServer(webhooks=_target(listening.url, WEBHOOK_KEY)) as sandbox:
        sandbox.state.acknowledge(seeded.FRESH_TOKEN)
        purchased = listening.next()
        sandbox.state.advance(seeded.DEFAULT_PERIOD_HOURS + 1)
        # The other seeds' deadlines and ends pass on the way: their events come too.
        arrived = [listening.next() for _ in range(7)]
    kinds = [received["notificationType"] for received in arrived]
    renewed = arrived[kinds.index("SUBSCRIPTION_RENEWED")]
    assert "SUBSCRIPTION_CANCELLED" in kinds and "SUBSCRIPTION_EXPIRED" in kinds
    assert (purchased["notificationType"], purchased["answered"]) == (
        "SUBSCRIPTION_PURCHASED",
        200,
    )
    assert renewed["notificationType"] == "SUBSCRIPTION_RENEWED"
    assert renewed["authorized"] is True and renewed["problem"] is None
    data = renewed["data"]
    assert isinstance(data, dict)
    assert data["productId"] == "vip_monthly" and data["amount"] == 4.99
    assert data["orderId"] != purchased["data"]["orderId"]  # type: ignore[index]


def test_a_wrong_key_is_refused_and_now_gg_retries(listening: Listening) -> None:
    with SandboxServer(webhooks=_target(listening.url, "whk-someone-else-0000")) as sandbox:
        sandbox.state.acknowledge(seeded.FRESH_TOKEN)
        first, retry = listening.next(), listening.next()
    for received in (first, retry):
        assert (received["authorized"], received["answered"]) == (False, 401)
        assert received["problem"] == "wrong Authorization key"
        assert received["data"] is None  # a refused body is not even read


@pytest.mark.parametrize(
    ("reply", "accepted", "why"),
    [
        (json_reply({"success": True}), True, 'HTTP 200 with {"success": true}: accepted'),
        (json_reply({"success": True}, status=500), False, "answered HTTP 500, not 200"),
        (
            Reply(headers=(("Content-Type", "text/html"),), body=b"<html>Welcome</html>"),
            False,
            "not JSON but an HTML page",
        ),
        (json_reply({"success": False}), False, "`success` is false, not true"),
        (Reply(hold_seconds=4, body=b"{}"), False, "did not answer within 1 s"),
    ],
)
def test_send_judges_the_endpoints_answer(
    hostile: HostileServer, tmp_path: Path, reply: Reply, accepted: bool, why: str
) -> None:
    hostile.default = reply
    run = run_cli(
        tmp_path,
        "webhook",
        "send",
        "subscription_expired",
        "--to",
        hostile.url + "hooks/nowgg",
        "--timeout",
        "1",
        "--json",
        env=ENV,
    )
    body = run.json()
    assert isinstance(body, dict)
    assert body["accepted"] is accepted and why in str(body["why"]), body
    assert run.code == (0 if accepted else 3)
    if not accepted:
        assert str(body["why"]).startswith("now.gg would retry this notification")
    (received,) = hostile.requests
    assert received.path == "/hooks/nowgg"
    assert received.headers["authorization"] == WEBHOOK_KEY
    assert received.headers["content-type"] == "application/json"


def test_send_posts_a_realistic_body(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.default = json_reply({"success": True})
    run = run_cli(
        tmp_path,
        "webhook",
        "send",
        "SUBSCRIPTION_RENEWED",
        "--to",
        hostile.url,
        "--order-id",
        "1-2026120100000000000001",
        "--json",
        env=ENV,
    )
    assert run.code == 0, run.err
    sent = run.json()["sent"]  # type: ignore[index]
    assert sent["notificationType"] == "SUBSCRIPTION_RENEWED"
    data = sent["data"]
    assert data["orderId"] == "1-2026120100000000000001"
    assert set(data) == set(seeded_fields())
    assert isinstance(data["eventTime"], int) and data["expiryTime"] > data["eventTime"]
    assert isinstance(data["amount"], float)


def seeded_fields() -> tuple[str, ...]:
    from console.webhooks.notifications import SUBSCRIPTION_FIELDS

    return SUBSCRIPTION_FIELDS


def test_the_payments_key_is_never_sent_as_the_webhook_key(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.default = json_reply({"success": True})
    # No webhook key at all: the payments key in its variable is not taken instead.
    none = run_cli(
        tmp_path,
        "webhook",
        "send",
        "SUBSCRIPTION_RENEWED",
        "--to",
        hostile.url,
        env={"NOWGG_CONSOLE_API_KEY_SANDBOX": "pay-key-should-stay-home-1"},
    )
    assert none.code == 2 and "no webhook key for 'sandbox'" in none.err
    # The payments key given as the webhook key: refused, both ways.
    same = {"NOWGG_CONSOLE_WEBHOOK_KEY_SANDBOX": SANDBOX_API_KEY}
    send = run_cli(
        tmp_path, "webhook", "send", "SUBSCRIPTION_RENEWED", "--to", hostile.url, env=same
    )
    listen = run_cli(tmp_path, "webhook", "listen", env=same)
    for refused in (send, listen):
        assert refused.code == 2
        assert "is its payments API key" in refused.err
    assert hostile.requests == []


def test_the_webhook_key_is_never_sent_as_the_payments_key(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.default = json_reply(purchase_envelope())
    hostile.reply_for_path(ACKNOWLEDGE_PATH, json_reply({"success": True, "code": 0}))
    env = {**ENV, "NOWGG_CONSOLE_API_KEY": HOSTILE_KEY}
    run_cli(
        tmp_path,
        "acknowledge",
        "hostile-token",
        "--yes",
        "--force",
        "--base-url",
        hostile.url,
        env=env,
    )
    keys = {received.headers["authorization"] for received in hostile.requests}
    assert keys == {HOSTILE_KEY}
