"""The request log of `sandbox serve`: one line per request, with the time, the path, the
token and the answer, never a key, and request text shown printable."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import CONSUME, VERIFY, client, post

LINE = re.compile(r"^\d\d:\d\d:\d\d  (?P<request>\S+ \S+)  (?P<token>.+?)  (?P<answer>.+)$")


class Lines:
    """A thread-safe list of log lines (the server logs from its own thread)."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)

    def all(self) -> list[str]:
        with self._lock:
            return list(self._lines)


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def parsed(line: str) -> dict[str, str]:
    match = LINE.match(line)
    assert match is not None, line
    return match.groupdict()


@pytest.fixture
def logged() -> tuple[SandboxServer, Lines]:
    lines = Lines()
    return SandboxServer(log=lines), lines


def test_one_line_per_request_with_path_token_code_and_status(
    logged: tuple[SandboxServer, Lines],
) -> None:
    server, lines = logged
    with server, client(server.url) as http:
        post(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"})
        post(http, CONSUME, {"purchaseToken": "sbx-paid-consumed-0002"})
        post(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"}, key="wrong")
        post(http, "v2/nowhere", {})
        post(http, VERIFY, {"purchaseToken": "sbx-fault-html-502"})
    rows = [parsed(line) for line in lines.all()]
    assert rows == [
        {
            "request": "POST /v2/seller/order/verifyPurchase",
            "token": "sbx-paid-unconsumed-0001",
            "answer": "code 0  HTTP 200",
        },
        {
            "request": "POST /v2/order/consumePurchase",
            "token": "sbx-paid-consumed-0002",
            "answer": "code 3800  HTTP 200",
        },
        {
            "request": "POST /v2/seller/order/verifyPurchase",
            "token": "sbx-paid-unconsumed-0001",
            "answer": "code 3900  HTTP 200",
        },
        {"request": "POST /v2/nowhere", "token": "-", "answer": "code 150  HTTP 200"},
        {
            "request": "POST /v2/seller/order/verifyPurchase",
            "token": "sbx-fault-html-502",
            "answer": "code -  HTTP 502",
        },
    ]


def test_no_key_of_any_kind_reaches_the_log(logged: tuple[SandboxServer, Lines]) -> None:
    server, lines = logged
    secret = "live-key-7f3a9c1d2e4b"
    with server, client(server.url) as http:
        post(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"})
        post(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"}, key=secret)
    text = "\n".join(lines.all())
    assert len(lines.all()) == 2
    assert SANDBOX_API_KEY not in text and "0000" not in text
    assert secret not in text and "7f3a9c" not in text


def test_request_text_is_shown_printable_and_short(logged: tuple[SandboxServer, Lines]) -> None:
    server, lines = logged
    hostile = "\x1b]0;owned\x07sbx-\u202epaid" + "x" * 500
    with server, client(server.url) as http:
        post(http, VERIFY, {"purchaseToken": hostile})
        post(http, "v2/%1b[2Jpath", {})
    first, second = lines.all()
    assert "\x1b" not in first and "\u202e" not in first and "\x07" not in first
    assert "\\x1b]0;owned\\x07sbx-\\u202epaid" in first
    assert f"({len(hostile)} characters)" in first and len(first) < 200
    assert "\x1b" not in second and "/v2/\\x1b[2Jpath" in second


def test_a_client_that_leaves_is_logged_without_a_reply() -> None:
    lines = Lines()
    with SandboxServer(log=lines) as server, client(server.url) as http:
        with pytest.raises(httpx.ReadTimeout):
            post(http, VERIFY, {"purchaseToken": "sbx-fault-no-reply"}, timeout=0.3)
        wait_for(lambda: len(lines.all()) == 1)
    (row,) = [parsed(line) for line in lines.all()]
    assert row["token"] == "sbx-fault-no-reply"
    assert row["answer"] == "no reply: the client left"


def test_without_a_log_nothing_is_printed(capfd: pytest.CaptureFixture[str]) -> None:
    with SandboxServer() as server, client(server.url) as http:
        post(http, VERIFY, {"purchaseToken": "sbx-paid-unconsumed-0001"})
    assert capfd.readouterr() == ("", "")
