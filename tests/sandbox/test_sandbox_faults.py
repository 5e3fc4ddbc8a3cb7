"""Fault tokens over real HTTP, on both endpoints; client timeouts kept small (fast tests)."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from console.sandbox.faults import FAULT_TOKENS, FAULTS_BY_TOKEN, Fault
from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import CONSUME, CONSUMED, ENDPOINTS, NOT_EXIST, VERIFY, post


def token(fault: Fault) -> dict[str, str]:
    (found,) = [entry.token for entry in FAULT_TOKENS if entry.fault is fault]
    return {"purchaseToken": found}


def test_every_fault_has_one_readable_token() -> None:
    assert {entry.fault for entry in FAULT_TOKENS} == set(Fault)
    assert len(FAULTS_BY_TOKEN) == len(FAULT_TOKENS)
    for entry in FAULT_TOKENS:
        assert entry.token.startswith("sbx-fault-") and entry.title


@pytest.mark.parametrize("path", ENDPOINTS)
def test_slow_answers_a_normal_paid_reply_after_two_seconds(http: httpx.Client, path: str) -> None:
    started = time.perf_counter()
    reply = post(http, path, token(Fault.SLOW), timeout=2.5)
    elapsed = time.perf_counter() - started
    assert 2.0 <= elapsed <= 2.5
    assert reply.status_code == 200
    body = reply.json()
    if path == CONSUME:
        assert body == CONSUMED
    else:
        assert body["code"] == 0
        assert (body["data"]["purchaseState"], body["data"]["consumptionState"]) == (1, 0)


def test_slow_times_out_a_short_client_timeout(http: httpx.Client) -> None:
    with pytest.raises(httpx.ReadTimeout):
        post(http, VERIFY, token(Fault.SLOW), timeout=0.2)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_reply_holds_the_request_open(
    sandbox: SandboxServer, http: httpx.Client, path: str
) -> None:
    with pytest.raises(httpx.ReadTimeout):
        post(http, path, token(Fault.NO_REPLY), timeout=0.3)
    # The sandbox lets go of a request whose client has left, instead of holding it a minute.
    deadline = time.monotonic() + 1.0
    while sandbox.app.held_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sandbox.app.held_requests == 0


@pytest.mark.parametrize("path", ENDPOINTS)
def test_http_500(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.HTTP_500))
    assert reply.status_code == 500
    assert reply.text == "Internal Server Error\n"


@pytest.mark.parametrize("path", ENDPOINTS)
def test_html_502_is_nginx_s_page(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.HTML_502))
    assert reply.status_code == 502
    assert reply.headers["content-type"] == "text/html"
    assert reply.text.startswith("<html>\r\n<head><title>502 Bad Gateway</title></head>")
    assert "<hr><center>nginx</center>" in reply.text


@pytest.mark.parametrize("path", ENDPOINTS)
def test_malformed_json(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.MALFORMED_JSON))
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/json"
    assert reply.text.startswith('{"success":true')
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.text)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_empty_body(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.EMPTY_BODY))
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/json"
    assert reply.content == b""


@pytest.mark.parametrize("path", ENDPOINTS)
def test_huge_body_is_about_5_mib_of_valid_json(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.HUGE_BODY))
    assert reply.status_code == 200
    assert 5 * 1024 * 1024 - 1024 <= len(reply.content) <= 5 * 1024 * 1024
    body = reply.json()
    assert (body["success"], body["code"], body["codeMsg"]) == (True, 0, "success")
    assert body["data"]["kind"] == "nowgg#productPurchase"


@pytest.mark.parametrize("path", ENDPOINTS)
def test_code_150(http: httpx.Client, path: str) -> None:
    reply = post(http, path, token(Fault.CODE_150))
    assert reply.status_code == 200
    assert reply.json() == NOT_EXIST


@pytest.mark.parametrize(
    "fault", [Fault.HTTP_500, Fault.HTML_502, Fault.EMPTY_BODY, Fault.CODE_150]
)
def test_faults_come_before_the_key_check(http: httpx.Client, fault: Fault) -> None:
    with_key = post(http, VERIFY, token(fault))
    without_key = post(http, VERIFY, token(fault), key=None)
    assert (without_key.status_code, without_key.content) == (
        with_key.status_code,
        with_key.content,
    )


def test_the_slow_token_checks_the_key_after_its_delay(http: httpx.Client) -> None:
    reply = post(http, VERIFY, token(Fault.SLOW), key="wrong", timeout=2.5)
    assert reply.json()["code"] == 3900
