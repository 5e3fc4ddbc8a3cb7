"""Every request has a total deadline, connect + read seconds, around the whole exchange
(issue 7, item 3): a reply dripped a byte at a time used to keep a call alive for minutes,
since each byte arrived well within the per-read timeout. Elapsed times are measured, never
slept for; the margins are generous because the machine is shared."""

from __future__ import annotations

import contextlib
import time

import httpx
import pytest

from console.payments.apikey import ApiKey
from console.payments.catalog import explain_failure
from console.payments.client import PaymentsClient, Timeouts
from console.payments.deadline import ExchangeProgress
from console.payments.errors import DeadlineExceeded, PaymentsError, RequestTimeout
from console.payments.query import PurchaseQuery
from tests.hostile_server import HOSTILE_KEY, HostileServer, Reply

TIMEOUTS = Timeouts(connect=0.5, read=1.5)
SLACK_S = 4.0
"""How long after the deadline a call may still end: scheduling on a busy 2-core machine."""
# 400 bytes at 0.25 s each: 100 s of reply, every byte far inside the 1.5 s read timeout.
DRIP = Reply(body=b" " * 400, drip_seconds=0.25)


async def timed_failure(server: HostileServer, *, consume: bool) -> tuple[PaymentsError, float]:
    async with PaymentsClient(server.url, ApiKey(HOSTILE_KEY), TIMEOUTS) as payments:
        started = time.perf_counter()
        with pytest.raises(PaymentsError) as raised:
            if consume:
                await payments.consume(PurchaseQuery("hostile-token"))
            else:
                await payments.verify(PurchaseQuery("hostile-token"))
        return raised.value, time.perf_counter() - started


def test_the_deadline_is_connect_plus_read() -> None:
    assert Timeouts(connect=1, read=2).deadline == 3
    assert Timeouts().deadline == 20


@pytest.mark.parametrize("consume", [False, True], ids=["verify", "consume"])
async def test_a_dripping_reply_ends_at_the_deadline(hostile: HostileServer, consume: bool) -> None:
    hostile.default = DRIP
    error, elapsed = await timed_failure(hostile, consume=consume)
    assert isinstance(error, DeadlineExceeded)
    assert error.reason == "no complete reply within 2 s (timeout)"
    assert TIMEOUTS.deadline <= elapsed < TIMEOUTS.deadline + SLACK_S
    # It was sent and never answered in full: for a consume, verify before anything else.
    assert error.outcome_unknown is True and error.may_have_reached_server is True
    explanation = explain_failure(error, consume=consume)
    assert explanation.name == "Timeout (reply too slow)"
    if consume:
        assert not explanation.retry_safe
        assert explanation.next_steps[0].startswith("This was a consume and its outcome is unknown")


async def test_slow_headers_then_a_drip_end_at_the_deadline(hostile: HostileServer) -> None:
    # Nothing for 1 s, then a byte a second: no single read waits its 1.5 s out.
    hostile.default = Reply(body=b" " * 60, hold_seconds=1.0, drip_seconds=1.0)
    error, elapsed = await timed_failure(hostile, consume=True)
    assert isinstance(error, DeadlineExceeded)
    assert TIMEOUTS.deadline <= elapsed < TIMEOUTS.deadline + SLACK_S


async def test_a_held_reply_ends_within_the_deadline(hostile: HostileServer) -> None:
    # Silence trips the per-read timeout first, which is never later than the deadline.
    hostile.default = Reply(body=b"{}", hold_seconds=60)
    error, elapsed = await timed_failure(hostile, consume=True)
    assert isinstance(error, RequestTimeout)
    assert error.reason == "no reply within 1.5 s (timeout)"
    assert error.outcome_unknown is True
    assert TIMEOUTS.read <= elapsed < TIMEOUTS.deadline + SLACK_S


async def test_an_honest_slow_reply_inside_the_deadline_is_read(hostile: HostileServer) -> None:
    hostile.default = Reply(
        body=b'{"success":true,"code":0,"codeMsg":"success","data":{}}',
        hold_seconds=0.3,
    )
    async with PaymentsClient(hostile.url, ApiKey(HOSTILE_KEY), TIMEOUTS) as payments:
        result = await payments.consume(PurchaseQuery("hostile-token"))
    assert result.envelope.success is True


# --- was the request sent when the deadline passed? ---------------------------------------


async def traced(progress: ExchangeProgress, call: httpx.AsyncClient, url: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # only the events matter here
        await call.post(url, data={"purchaseToken": "x"}, extensions={"trace": progress.trace})


async def test_a_request_that_went_out_may_have_been_sent(hostile: HostileServer) -> None:
    progress = ExchangeProgress()
    async with httpx.AsyncClient(trust_env=False) as call:
        await traced(progress, call, hostile.url)
    assert progress.may_have_been_sent is True


async def test_a_tunnel_that_never_opened_sent_nothing(hostile: HostileServer) -> None:
    # httpcore's real events for https through a proxy: CONNECT goes to the proxy (here the
    # hostile server, whose answer breaks TLS), and the request itself never leaves.
    progress = ExchangeProgress()
    async with httpx.AsyncClient(proxy=hostile.url) as call:
        await traced(progress, call, "https://payments-api.now.gg/v2/order/consumePurchase")
    assert [received.method for received in hostile.requests] == ["CONNECT"]
    assert progress.may_have_been_sent is False


async def test_without_any_trace_a_request_counts_as_sent() -> None:
    # No events at all (another transport, a future httpcore): the answer safe for a consume.
    assert ExchangeProgress().may_have_been_sent is True


def test_a_deadline_missed_while_connecting_sent_nothing() -> None:
    error = DeadlineExceeded(3, sent=False)
    assert error.outcome_unknown is False and error.may_have_reached_server is False
    explanation = explain_failure(error, consume=True)
    assert "nothing was sent" in explanation.meaning and explanation.retry_safe
