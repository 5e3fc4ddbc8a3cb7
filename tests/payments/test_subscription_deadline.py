"""The acknowledge deadline: purchase time + 3 days, judged on a frozen clock around it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from console.payments import (
    AcknowledgeDeadline,
    DecodedPurchase,
    acknowledge_deadline,
    decode_purchase,
)
from console.payments.parse import parse_envelope, parse_purchase
from console.payments.subscription import Urgency, duration_text
from tests.hostile_server import purchase_envelope

BOUGHT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DEADLINE = BOUGHT + timedelta(days=3)


def _decoded(purchase_time: str | None) -> DecodedPurchase:
    envelope = purchase_envelope(purchaseTime=purchase_time)
    if purchase_time is None:
        del envelope["data"]["purchaseTime"]
    parsed = parse_envelope(200, "application/json", json.dumps(envelope).encode())
    return decode_purchase(parse_purchase(parsed))


def _at(now: datetime) -> AcknowledgeDeadline | None:
    return acknowledge_deadline(_decoded(str(int(BOUGHT.timestamp() * 1000))), now)


def test_the_deadline_is_the_purchase_time_plus_three_days() -> None:
    deadline = _at(BOUGHT)
    assert deadline is not None
    assert deadline.deadline == DEADLINE
    assert deadline.text == "2026-12-01 12:00 UTC (3 d left)"


def test_one_millisecond_before_the_deadline_it_is_still_open() -> None:
    deadline = _at(DEADLINE - timedelta(milliseconds=1))
    assert deadline is not None
    assert not deadline.passed
    assert deadline.urgency is Urgency.URGENT
    assert deadline.left_text == "under a minute left"
    assert deadline.hours_left == 0


def test_at_the_deadline_itself_it_has_passed() -> None:
    deadline = _at(DEADLINE)
    assert deadline is not None and deadline.passed
    assert deadline.urgency is Urgency.PASSED
    later = _at(DEADLINE + timedelta(days=1, hours=2))
    assert later is not None and later.left_text == "passed 1 d 2 h ago"


@pytest.mark.parametrize(
    ("left", "urgency"),
    [
        (timedelta(hours=30), Urgency.CALM),
        (timedelta(hours=24), Urgency.CALM),
        (timedelta(hours=23, minutes=59), Urgency.SOON),
        (timedelta(hours=6), Urgency.SOON),
        (timedelta(hours=5, minutes=59), Urgency.URGENT),
    ],
)
def test_the_colour_changes_as_the_deadline_nears(left: timedelta, urgency: Urgency) -> None:
    deadline = _at(DEADLINE - left)
    assert deadline is not None and deadline.urgency is urgency


def test_two_hours_left_reads_as_two_hours() -> None:
    deadline = _at(DEADLINE - timedelta(hours=2))
    assert deadline is not None
    assert (deadline.hours_left, deadline.left_text) == (2, "2 h left")
    assert duration_text(timedelta(days=2, hours=3, minutes=4)) == "2 d 3 h"


def test_without_a_readable_purchase_time_there_is_no_deadline() -> None:
    assert acknowledge_deadline(_decoded(None), BOUGHT) is None
    # Digits, but no time any calendar holds: decoded as unreadable, never guessed.
    assert acknowledge_deadline(_decoded("9" * 30), BOUGHT) is None


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _at(datetime(2026, 11, 29, 12, 0))
