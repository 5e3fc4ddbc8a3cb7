"""The client against real HTTP on loopback: what it sends, and what a person reads when the
other side misbehaves. Every server here is a socket on 127.0.0.1 opened by the test."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import httpx
import pytest

from console import __version__
from console.payments.apikey import ApiKey
from console.payments.client import DEFAULT_MAX_BODY_BYTES, PaymentsClient, Timeouts
from console.payments.errors import (
    ApiError,
    BodyTooLargeError,
    ConnectFailed,
    DnsFailure,
    EmptyBodyError,
    HttpStatusError,
    InputRejected,
    NetworkFailure,
    NotJsonError,
    PaymentsError,
    RequestTimeout,
    StoreRuleViolation,
    TlsFailure,
)
from console.payments.query import PurchaseQuery
from console.payments.stores import Store
from console.payments.wire import CONSUME_PATH
from tests.payments.payments_loopback import (
    SECRET,
    Connection,
    Serve,
    closed_port,
    http_reply,
    unanswered_listener,
)

FAST = Timeouts(connect=0.2, read=0.2)
"""For the tests whose point is a timeout."""
PATIENT = Timeouts(connect=5.0, read=5.0)
"""For every other test: a loaded CI machine must not turn a reply into a timeout."""
PURCHASE = {
    "purchaseTime": "1630529397125",
    "purchaseState": 1,
    "consumptionState": 0,
    "orderId": "1-2022052708285322094340093",
    "isTestOrder": True,
}


def envelope(code: int = 0, data: object = None, message: str = "success") -> bytes:
    reply = {"success": code == 0, "code": code, "codeMsg": message, "data": data or {}}
    return json.dumps(reply).encode()


OK_VERIFY = http_reply(200, envelope(data=PURCHASE))
OK_CONSUME = http_reply(200, envelope())


def client(
    base_url: str,
    api_key: ApiKey,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    timeouts: Timeouts = PATIENT,
) -> PaymentsClient:
    return PaymentsClient(base_url, api_key, timeouts, max_body_bytes=max_body_bytes)


async def failure_of(
    base_url: str,
    api_key: ApiKey,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    timeouts: Timeouts = PATIENT,
) -> PaymentsError:
    async with client(base_url, api_key, max_body_bytes, timeouts) as payments:
        with pytest.raises(PaymentsError) as raised:
            await payments.verify(PurchaseQuery("-nowgg-abc123"))
    assert SECRET not in raised.value.reason
    assert SECRET not in str(raised.value)
    return raised.value


# --- what is sent ---------------------------------------------------------------------------


async def test_verify_posts_the_token_form_with_the_raw_key(serve: Serve, api_key: ApiKey) -> None:
    server = await serve(OK_VERIFY)
    async with client(server.url, api_key) as payments:
        result = await payments.verify(PurchaseQuery("-nowgg-abc123"))

    [sent] = server.requests
    assert sent.method == "POST"
    assert sent.path == "/v2/seller/order/verifyPurchase"
    assert sent.header("Authorization") == SECRET  # the raw key, no "Bearer"
    assert sent.header("Content-Type") == "application/x-www-form-urlencoded"
    assert sent.header("User-Agent") == f"nowgg-console/{__version__}"
    assert sent.form == [("purchaseToken", "-nowgg-abc123")]
    assert result.purchase.purchase_state == 1
    assert result.purchase.is_test_order is True
    assert result.http_status == 200
    assert result.latency_ms > 0


async def test_the_result_records_the_request_with_the_key_masked(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(OK_VERIFY)
    async with client(server.url, api_key) as payments:
        result = await payments.verify(PurchaseQuery("-nowgg-abc123"))
    assert SECRET not in repr(result)
    assert ("Authorization", api_key.masked) in result.request.headers
    assert result.request.masked_key == api_key.masked
    assert result.request.url == server.url + "v2/seller/order/verifyPurchase"


@pytest.mark.parametrize("suffix", ["gateway/payments", "gateway/payments/"])
async def test_a_path_prefix_is_kept_with_or_without_trailing_slash(
    serve: Serve, api_key: ApiKey, suffix: str
) -> None:
    server = await serve(OK_CONSUME)
    async with client(server.url + suffix, api_key) as payments:
        await payments.consume(PurchaseQuery("-nowgg-abc123"))
    assert server.requests[0].path == "/gateway/payments/v2/order/consumePurchase"


async def test_multi_store_requests_carry_product_currency_and_type(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(OK_VERIFY)
    query = PurchaseQuery(
        "241028222221SGP61717", Store.XIAOMI, product_id="11223343", currency="USD"
    )
    async with client(server.url, api_key) as payments:
        await payments.verify(query)
    assert server.requests[0].form == [
        ("purchaseToken", "241028222221SGP61717"),
        ("productId", "11223343"),
        ("currency", "USD"),
        ("type", "xiaomi"),
    ]


async def test_consume_sends_the_developer_payload_only_when_given(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(OK_CONSUME)
    async with client(server.url, api_key) as payments:
        await payments.consume(PurchaseQuery("-nowgg-abc"), developer_payload="user=7&role=a b")
        result = await payments.consume(PurchaseQuery("-nowgg-abc"))
    with_payload, without = server.requests
    assert with_payload.form == [
        ("purchaseToken", "-nowgg-abc"),
        ("developerPayload", "user=7&role=a b"),
    ]
    assert without.form == [("purchaseToken", "-nowgg-abc")]
    assert result.envelope.success is True


async def test_a_pasted_token_is_cleaned_before_it_is_sent(serve: Serve, api_key: ApiKey) -> None:
    server = await serve(OK_VERIFY)
    async with client(server.url, api_key) as payments:
        await payments.verify(PurchaseQuery("  -nowgg-abc\r\n123 \n"))
    assert server.requests[0].form == [("purchaseToken", "-nowgg-abc123")]


async def test_a_request_is_sent_as_it_was_prepared_and_only_to_its_own_host(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(OK_VERIFY)
    query = PurchaseQuery("-nowgg-abc")
    async with client(server.url, api_key) as payments:
        prepared = payments.prepare_consume(query, developer_payload="a b")
        await payments.send_consume(prepared)
        elsewhere = replace(prepared, url="http://127.0.0.1:9/" + CONSUME_PATH)
        with pytest.raises(ValueError, match="not prepared for"):
            await payments.send_consume(elsewhere)
    (request,) = server.requests
    assert request.form == [("purchaseToken", "-nowgg-abc"), ("developerPayload", "a b")]
    assert request.path == "/" + CONSUME_PATH


@pytest.mark.parametrize("store", [Store.AMAZON, Store.HUAWEI])
async def test_server_consume_of_client_consumed_stores_is_refused(
    serve: Serve, api_key: ApiKey, store: Store
) -> None:
    server = await serve(OK_VERIFY)
    query = PurchaseQuery("tok", store, product_id="p1", currency="USD")
    async with client(server.url, api_key) as payments:
        with pytest.raises(StoreRuleViolation, match="consumed on the game client"):
            await payments.consume(query)
        await payments.verify(query)  # verifying them is fine
    assert [request.path for request in server.requests] == ["/v2/seller/order/verifyPurchase"]


# --- replies that are not a success ---------------------------------------------------------


async def test_an_api_error_in_http_200_carries_code_and_message(
    serve: Serve, api_key: ApiKey
) -> None:
    server = await serve(http_reply(200, envelope(3901, message="invalid purchase token")))
    error = await failure_of(server.url, api_key)
    assert isinstance(error, ApiError)
    assert error.code == 3901
    assert "3901" in error.reason and "invalid purchase token" in error.reason


async def test_an_html_502_from_a_proxy_names_its_title(serve: Serve, api_key: ApiKey) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><hr>nginx</body></html>"
    server = await serve(http_reply(502, page, "text/html", reason="Bad Gateway"))
    error = await failure_of(server.url, api_key)
    assert isinstance(error, HttpStatusError)
    assert error.status == 502
    assert "502 Bad Gateway" in error.reason


async def test_an_html_page_with_status_200_is_not_json(serve: Serve, api_key: ApiKey) -> None:
    page = b"<!doctype html><html><body><h1>Please log in</h1></body></html>"
    server = await serve(http_reply(200, page, "text/html"))
    error = await failure_of(server.url, api_key)
    assert isinstance(error, NotJsonError)
    assert "Please log in" in error.reason


async def test_an_empty_body_says_so(serve: Serve, api_key: ApiKey) -> None:
    server = await serve(http_reply(200, b""))
    error = await failure_of(server.url, api_key)
    assert isinstance(error, EmptyBodyError)
    assert "empty body" in error.reason


async def test_a_broken_gzip_body_is_reported_not_raised(serve: Serve, api_key: ApiKey) -> None:
    server = await serve(
        http_reply(200, b"not gzip at all", extra_headers=(("Content-Encoding", "gzip"),))
    )
    error = await failure_of(server.url, api_key)
    assert isinstance(error, NotJsonError)
    assert "gzip" in error.reason


async def test_a_redirect_is_reported_and_not_followed(serve: Serve, api_key: ApiKey) -> None:
    target = "https://payments-api.now.gg/v2/seller/order/verifyPurchase"
    server = await serve(http_reply(301, b"", extra_headers=(("Location", target),)))
    error = await failure_of(server.url, api_key)
    assert isinstance(error, HttpStatusError)
    assert target in error.reason
    assert len(server.requests) == 1


async def test_a_declared_huge_body_is_refused_unread(serve: Serve, api_key: ApiKey) -> None:
    async def huge(connection: Connection) -> None:
        await connection.send(b"HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\n{")
        await connection.hold()

    server = await serve(huge)
    error = await failure_of(server.url, api_key, max_body_bytes=4096)
    assert isinstance(error, BodyTooLargeError)
    assert error.outcome_unknown  # a consume may have happened behind that body


async def test_a_streamed_huge_body_is_cut_off_at_the_limit(serve: Serve, api_key: ApiKey) -> None:
    async def endless(connection: Connection) -> None:
        await connection.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
        for _ in range(100):
            await connection.send(b" " * 1024)

    server = await serve(endless)
    error = await failure_of(server.url, api_key, max_body_bytes=4096)
    assert isinstance(error, BodyTooLargeError)
    assert "larger than 4 KiB" in error.reason


# --- no usable reply --------------------------------------------------------------------------


async def test_no_reply_in_time_is_a_read_timeout_with_unknown_outcome(
    serve: Serve, api_key: ApiKey
) -> None:
    async def silent(connection: Connection) -> None:
        await connection.hold()

    server = await serve(silent)
    error = await failure_of(server.url, api_key, timeouts=FAST)
    assert isinstance(error, RequestTimeout)
    assert error.reason == "no reply within 0.2 s (timeout)"
    assert error.outcome_unknown is True
    assert len(server.requests) == 1  # it was sent: that is why the outcome is unknown


async def test_an_unanswered_connect_is_a_connect_timeout_and_nothing_was_sent(
    api_key: ApiKey,
) -> None:
    listener, fillers = unanswered_listener()
    try:
        host, port = listener.getsockname()
        error = await failure_of(f"http://{host}:{port}/", api_key, timeouts=FAST)
    finally:
        for sock in (listener, *fillers):
            sock.close()
    assert isinstance(error, RequestTimeout)
    assert error.reason == "no connection within 0.2 s (timeout)"
    assert error.outcome_unknown is False


async def test_a_refused_connection_names_host_and_port(api_key: ApiKey) -> None:
    port = closed_port()
    error = await failure_of(f"http://127.0.0.1:{port}", api_key)
    assert isinstance(error, ConnectFailed)
    assert f"127.0.0.1:{port} refused the connection" in error.reason
    assert error.outcome_unknown is False


async def test_an_unknown_host_is_a_dns_failure(api_key: ApiKey) -> None:
    # RFC 6761: .invalid never resolves, so no packet leaves the machine for it.
    error = await failure_of("https://nowgg-console-test.invalid/", api_key)
    assert isinstance(error, DnsFailure)
    assert "'nowgg-console-test.invalid' could not be resolved" in error.reason
    assert error.may_have_reached_server is False


async def test_https_to_a_plain_http_port_is_a_tls_failure(api_key: ApiKey) -> None:
    # Answers the TLS hello with plain HTTP at once, as a misconfigured http:// server would.
    async def plain(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(http_reply(400, b"plain HTTP here"))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(plain, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        error = await failure_of(f"https://127.0.0.1:{port}/", api_key)
    finally:
        server.close()
        await server.wait_closed()
    assert isinstance(error, TlsFailure)
    assert f"TLS handshake with 127.0.0.1:{port} failed" in error.reason
    assert error.may_have_reached_server is False


async def test_a_reset_after_the_request_is_a_network_failure(
    serve: Serve, api_key: ApiKey
) -> None:
    async def crash(connection: Connection) -> None:
        connection.reset()

    server = await serve(crash)
    error = await failure_of(server.url, api_key)
    assert isinstance(error, NetworkFailure)
    assert f"127.0.0.1:{server.port}" in error.reason
    assert error.outcome_unknown is True


async def test_a_close_without_reply_is_a_network_failure(serve: Serve, api_key: ApiKey) -> None:
    async def hang_up(connection: Connection) -> None:
        connection.writer.close()

    server = await serve(hang_up)
    error = await failure_of(server.url, api_key)
    assert isinstance(error, NetworkFailure)
    assert "disconnected" in error.reason


@pytest.mark.parametrize(
    ("failure", "says", "unknown"),
    [
        (httpx.WriteTimeout("slow"), "no upload of the request within 0.2 s", True),
        (httpx.PoolTimeout("busy"), "no connection within 0.2 s", False),
    ],
)
async def test_write_and_pool_timeouts(
    api_key: ApiKey, failure: Exception, says: str, unknown: bool
) -> None:
    # These two cannot be provoked reliably on loopback; a transport raising them stands in.
    def raise_it(request: httpx.Request) -> httpx.Response:
        raise failure

    async with PaymentsClient(
        "http://127.0.0.1:9/", api_key, FAST, transport=httpx.MockTransport(raise_it)
    ) as payments:
        with pytest.raises(RequestTimeout) as raised:
            await payments.verify(PurchaseQuery("tok"))
    assert says in raised.value.reason
    assert raised.value.outcome_unknown is unknown


# --- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "says"),
    [
        ("payments-api.now.gg", "needs https://"),
        ("ftp://payments-api.now.gg/", "not HTTP"),
        ("https://user:pw@payments-api.now.gg/", "user name or password"),
        ("https://payments-api.now.gg/?x=1", "?query"),
        ("https:///v2", "no valid host"),
        ("http://exa mple.com/", "no valid host"),
    ],
)
def test_a_bad_base_url_is_refused_with_the_reason(
    api_key: ApiKey, base_url: str, says: str
) -> None:
    with pytest.raises(InputRejected) as raised:
        PaymentsClient(base_url, api_key)
    assert says in raised.value.reason


def test_a_key_no_header_can_carry_is_refused() -> None:
    # Refused as the key is made (from a variable, `key set` or the console), before any client.
    with pytest.raises(ValueError, match="ASCII only"):
        ApiKey("clé-secrète-1234")


@pytest.mark.parametrize("value", [0, -1.0, float("nan"), float("inf")])
def test_timeouts_must_be_positive(value: float) -> None:
    with pytest.raises(ValueError, match="above 0"):
        Timeouts(connect=value)
    with pytest.raises(ValueError, match="above 0"):
        Timeouts(read=value)


async def test_prepared_requests_need_no_network_and_hide_the_key(api_key: ApiKey) -> None:
    async with PaymentsClient("https://payments-api.now.gg", api_key) as payments:
        prepared = payments.prepare_consume(PurchaseQuery("-nowgg-x"), developer_payload="")
    assert prepared.url == "https://payments-api.now.gg/v2/order/consumePurchase"
    assert prepared.form == (("purchaseToken", "-nowgg-x"), ("developerPayload", ""))
    assert SECRET not in repr(prepared)
