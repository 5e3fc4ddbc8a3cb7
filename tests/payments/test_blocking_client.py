"""The blocking client (`PaymentsClient(..., blocking=True)`, what `nowgg-console verify`
sends with) keeps every rule of the async one: each hostile reply below is sent to both, and
both must fail with the same typed error and the same words. The total deadline holds
without an event loop: a real-time alarm interrupts a read that would outlive it."""

from __future__ import annotations

import signal
import socket
import threading

import pytest

from console.payments.apikey import ApiKey
from console.payments.blocking import DeadlinePassed, TotalDeadline
from console.payments.client import PaymentsClient, Timeouts
from console.payments.errors import (
    BodyTooLargeError,
    ConnectFailed,
    DeadlineExceeded,
    HttpStatusError,
    PaymentsError,
    RequestTimeout,
    UnreadableEncoding,
)
from console.payments.query import PurchaseQuery
from tests.hostile_server import (
    HOSTILE_KEY,
    HostileServer,
    Reply,
    bomb_reply,
    json_reply,
    purchase_envelope,
)

TIMEOUTS = Timeouts(connect=0.5, read=1.5)
QUERY = PurchaseQuery("hostile-token")


async def both_fail(url: str, *, consume: bool = False) -> tuple[PaymentsError, PaymentsError]:
    """The async client's failure and the blocking client's, for one scripted reply."""
    failures: list[PaymentsError] = []
    for blocking in (False, True):
        async with PaymentsClient(
            url, ApiKey(HOSTILE_KEY), TIMEOUTS, max_body_bytes=64 * 1024, blocking=blocking
        ) as payments:
            with pytest.raises(PaymentsError) as raised:
                if consume:
                    await payments.consume(QUERY)
                else:
                    await payments.verify(QUERY)
            failures.append(raised.value)
    return failures[0], failures[1]


def same(first: PaymentsError, second: PaymentsError) -> PaymentsError:
    assert type(second) is type(first)
    assert second.reason == first.reason
    assert second.category is first.category
    assert second.outcome_unknown == first.outcome_unknown
    return second


async def test_a_blocking_verify_sends_the_same_request_and_reads_the_reply(
    hostile: HostileServer,
) -> None:
    hostile.default = json_reply(purchase_envelope(orderId="1-88"))
    results = []
    for blocking in (False, True):
        async with PaymentsClient(
            hostile.url, ApiKey(HOSTILE_KEY), TIMEOUTS, blocking=blocking
        ) as payments:
            results.append(await payments.verify(QUERY))
    assert [result.purchase.order_id for result in results] == ["1-88", "1-88"]
    assert results[0].request == results[1].request
    sent, sent_blocking = hostile.requests
    assert sent_blocking.form == sent.form
    assert sent_blocking.headers["authorization"] == HOSTILE_KEY  # the real key on the wire
    assert sent_blocking.headers["accept-encoding"] == "identity"


async def test_a_dripping_reply_ends_at_the_deadline_and_the_consume_is_unknown(
    hostile: HostileServer,
) -> None:
    # 400 bytes, one each 0.25 s: 100 s of reply, every byte far inside the read timeout.
    hostile.default = Reply(body=b" " * 400, drip_seconds=0.25)
    error = same(*await both_fail(hostile.url, consume=True))
    assert isinstance(error, DeadlineExceeded)
    assert error.reason == "no complete reply within 2 s (timeout)"
    assert error.outcome_unknown is True


async def test_a_held_reply_is_a_read_timeout(hostile: HostileServer) -> None:
    hostile.default = Reply(body=b"{}", hold_seconds=60)
    error = same(*await both_fail(hostile.url, consume=True))
    assert isinstance(error, RequestTimeout)
    assert error.reason == "no reply within 1.5 s (timeout)"


async def test_a_bomb_is_refused_within_the_limit(hostile: HostileServer) -> None:
    hostile.default = bomb_reply(64 << 20, ("gzip", "gzip"))
    error = same(*await both_fail(hostile.url, consume=True))
    assert isinstance(error, BodyTooLargeError)
    assert error.outcome_unknown is True


async def test_a_body_past_the_limit_on_the_wire_is_cut_off(hostile: HostileServer) -> None:
    hostile.default = Reply(body=b" " * (200 * 1024), content_length=False)
    assert isinstance(same(*await both_fail(hostile.url)), BodyTooLargeError)


async def test_an_unreadable_coding_is_named(hostile: HostileServer) -> None:
    hostile.default = Reply(
        headers=(("Content-Type", "application/json"), ("Content-Encoding", "br")),
        body=b"\x1b\x00\xf8\xff" * 8,
    )
    assert isinstance(same(*await both_fail(hostile.url)), UnreadableEncoding)


async def test_a_redirect_is_reported_and_not_followed(hostile: HostileServer) -> None:
    hostile.default = Reply(status=302, headers=(("Location", "https://elsewhere.example/"),))
    error = same(*await both_fail(hostile.url))
    assert isinstance(error, HttpStatusError)
    assert "redirects to https://elsewhere.example/" in error.reason
    assert len(hostile.requests) == 2  # one each, none to the other host


async def test_a_refused_connection_is_named_alike() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    error = same(*await both_fail(f"http://127.0.0.1:{port}/"))
    assert isinstance(error, ConnectFailed)
    assert f"127.0.0.1:{port}" in error.reason


def test_the_alarm_interrupts_a_read_that_would_outlive_the_deadline() -> None:
    # A socket that never receives anything and has no timeout: only the alarm ends recv.
    left, right = socket.socketpair()
    with left, right, pytest.raises(DeadlinePassed), TotalDeadline(0.2) as deadline:
        left.recv(1)
    assert deadline.expired()


def test_the_alarm_and_its_handler_are_put_back() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with TotalDeadline(30):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_blocking_exchange_off_the_main_thread_is_refused() -> None:
    raised: list[BaseException] = []

    def enter() -> None:
        try:
            with TotalDeadline(1):
                pass
        except RuntimeError as error:
            raised.append(error)

    worker = threading.Thread(target=enter)
    worker.start()
    worker.join()
    assert [str(error) for error in raised] == [
        "the blocking client sends from the main thread only"
    ]
