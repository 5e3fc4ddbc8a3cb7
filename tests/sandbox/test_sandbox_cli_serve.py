"""`nowgg-console sandbox serve` as a process: the request log as QA reads it, `--quiet`,
`--only-verify-path`, and the webhook flags."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from console.sandbox.keys import SANDBOX_API_KEY
from tests.cli.cli_runner import run_cli
from tests.sandbox.sandbox_wire import CONSUMED, NOT_EXIST, call, client
from tests.sandbox.served_process import serve
from tests.sandbox.webhook_receiver import Answer, WebhookReceiver

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")

TIME = r"\d\d:\d\d:\d\d"


def test_serve_logs_one_line_per_request(tmp_path: Path) -> None:
    served = serve(tmp_path)
    assert "Each request is logged below: time, path, token, code, HTTP status." in (
        served.announced
    )
    try:
        with client(served.url) as http:
            call(http, "v2/seller/order/verifyPurchase", {"purchaseToken": "sbx-unpaid-0003"})
            call(http, "v2/order/consumePurchase", {"purchaseToken": "sbx-paid-consumed-0002"})
            call(http, "v2/seller/order/acknowledgepurchase", {"purchaseToken": "\x1b[2Jx"})
    finally:
        out, err, code = served.stop()
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[-1] == "Sandbox stopped."
    log = lines[:-1]
    assert len(log) == 3
    assert re.fullmatch(
        rf"{TIME}  POST /v2/seller/order/verifyPurchase  sbx-unpaid-0003  code 0  HTTP 200", log[0]
    )
    assert re.fullmatch(
        rf"{TIME}  POST /v2/order/consumePurchase  sbx-paid-consumed-0002  code 3800  HTTP 200",
        log[1],
    )
    assert re.fullmatch(
        rf"{TIME}  POST /v2/seller/order/acknowledgepurchase  \\x1b\[2Jx  code 5001  HTTP 200",
        log[2],
    )
    assert SANDBOX_API_KEY not in out.replace(f"API key: {SANDBOX_API_KEY}", "")


def test_quiet_serves_without_a_log(tmp_path: Path) -> None:
    served = serve(tmp_path, "--quiet")
    assert not any("logged" in line for line in served.announced)
    try:
        with client(served.url) as http:
            form = {"purchaseToken": "sbx-unpaid-0003"}
            reply = call(http, "v2/seller/order/verifyPurchase", form)
        assert isinstance(reply, dict) and reply["code"] == 0
    finally:
        out, err, code = served.stop()
    assert (out, err, code) == ("Sandbox stopped.\n", "", 0)


def test_only_verify_path_is_announced_and_kept(tmp_path: Path) -> None:
    served = serve(tmp_path, "--only-verify-path", "sellers", "--quiet")
    assert (
        "verifyPurchase answers on v2/sellers/order/verifyPurchase only; "
        "v2/seller/order/verifyPurchase answers code 150."
    ) in served.announced
    try:
        with client(served.url) as http:
            form = {"purchaseToken": "sbx-paid-unconsumed-0001"}
            assert call(http, "v2/seller/order/verifyPurchase", form) == NOT_EXIST
            reply = call(http, "v2/sellers/order/verifyPurchase", form)
            assert isinstance(reply, dict) and reply["code"] == 0
    finally:
        served.stop()


def test_serve_delivers_webhooks_and_logs_each_attempt(tmp_path: Path) -> None:
    key = "whk-cli-studio-key-81f3"
    with WebhookReceiver((Answer.HTTP_500, Answer.SUCCESS)) as receiver:
        served = serve(
            tmp_path,
            "--webhook-url",
            receiver.url,
            "--webhook-key",
            key,
            "--webhook-retries",
            "1",
            "--webhook-backoff-ms",
            "10",
            "--webhook-timeout",
            "2",
            "--subscription-period-hours",
            "24",
        )
        assert (
            "Subscriptions renew every 24 h on the sandbox's clock; "
            "`nowgg-console sandbox advance --hours N` moves it."
        ) in served.announced
        assert (
            f"Subscription webhooks go to {receiver.url} with the webhook key ••••81f3; a wrong "
            "answer gets 1 retry, after 0.01 s; 2 s per attempt."
        ) in served.announced
        try:
            with client(served.url) as http:
                form = {"purchaseToken": "sbx-sub-fresh-0101"}
                assert call(http, "v2/seller/order/acknowledgepurchase", form) == CONSUMED
            wait_for(lambda: len(receiver.received) == 2)
        finally:
            out, err, code = served.stop()
    assert (code, err) == (0, "")
    first, second = receiver.received
    assert first.body == second.body
    assert first.body["notificationType"] == "SUBSCRIPTION_PURCHASED"
    assert first.body["data"]["expiryTime"] - first.body["data"]["eventTime"] == 24 * 3_600_000
    assert first.headers["authorization"] == key
    where = f"webhook SUBSCRIPTION_PURCHASED sbx-sub-fresh-0101 → {receiver.url}"
    assert re.search(rf"{TIME}  {re.escape(where)}  attempt 1/2  HTTP 500: retry in 0.01 s", out)
    assert re.search(rf"{TIME}  {re.escape(where)}  attempt 2/2  delivered \(HTTP 200\)", out)
    assert key not in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--webhook-url", "http://127.0.0.1:9/hook"), "--webhook-url needs --webhook-key"),
        (("--webhook-key", "k-1234567890"), "--webhook-key needs --webhook-url"),
        (("--webhook-retries", "2"), "--webhook-retries needs --webhook-url"),
        (
            ("--webhook-timeout", "1", "--webhook-backoff-ms", "5"),
            "--webhook-backoff-ms, --webhook-timeout need --webhook-url",
        ),
        (
            ("--webhook-url", "http://127.0.0.1:9/hook", "--webhook-key", SANDBOX_API_KEY),
            "the webhook key must be a key of its own, not the payments API key",
        ),
        (("--webhook-url", "ftp://127.0.0.1/hook", "--webhook-key", "k"), "cannot be used"),
        (("--webhook-url", "http://u:p@127.0.0.1/", "--webhook-key", "k"), "--webhook-key)"),
        (("--webhook-retries", "11"), "--webhook-retries '11' is not a whole number from 0 to 10"),
        (("--subscription-period-hours", "0.5"), "is not a number of hours from 1"),
        (("--webhook-url", "http://127.0.0.1:9/", "--webhook-key", "a b"), "no blanks"),
    ],
)
def test_webhook_flags_are_checked_before_serving(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    run = run_cli(tmp_path, "sandbox", "serve", "--port", "0", *args, timeout=30)
    assert run.code == 2
    assert said in run.err
    assert run.out == ""
    assert "u:p@" not in run.err


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)
