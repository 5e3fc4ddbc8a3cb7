"""Subscriptions on the sandbox's clock, frozen: the 3-day deadline to the millisecond, the
events of an advance (cancelled, expired, renewed with a new order id), and reset."""

from __future__ import annotations

import pytest

from console.sandbox.clock import HOUR_MS, SandboxClock
from console.sandbox.minting import MintSpec, PurchaseState
from console.sandbox.state import SandboxState
from console.sandbox.subscriptions import (
    AckOutcome,
    Notification,
    Status,
    SubscriptionEvent,
)

WALL_S = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC: the frozen wall clock
NOW = int(WALL_S * 1000)
DAY_MS = 24 * HOUR_MS
PERIOD_MS = 30 * DAY_MS

FRESH = "sbx-sub-fresh-0101"
NEAR = "sbx-sub-near-deadline-0102"
PAST = "sbx-sub-past-deadline-0103"
ACKNOWLEDGED = "sbx-sub-acknowledged-0104"
USER_HAS_ONE = "sbx-sub-user-has-one-0106"
CANCELLED = "sbx-sub-cancelled-0107"


@pytest.fixture
def state() -> SandboxState:
    return SandboxState(clock=SandboxClock(wall=lambda: WALL_S))


def events_of(events: list[SubscriptionEvent]) -> list[tuple[str, str, int]]:
    return [(e.notification.value, e.token, e.event_ms) for e in events]


def test_seeded_times_are_relative_to_the_clock_at_reset(state: SandboxState) -> None:
    fresh, near = state.subscription(FRESH), state.subscription(NEAR)
    assert fresh is not None and near is not None
    assert fresh.purchased_ms == NOW - HOUR_MS
    assert near.deadline_ms == NOW + 2 * HOUR_MS
    order = state.get(FRESH)
    assert order is not None and order.data["purchaseTime"] == str(NOW - HOUR_MS)
    acknowledged = state.subscription(ACKNOWLEDGED)
    assert acknowledged is not None and acknowledged.status is Status.ACTIVE
    assert acknowledged.expiry_ms == NOW + 20 * DAY_MS


def test_acknowledge_succeeds_a_millisecond_before_the_deadline(state: SandboxState) -> None:
    assert state.advance(2 - 1 / HOUR_MS) == []
    assert state.acknowledge(NEAR) is AckOutcome.ACKNOWLEDGED


def test_at_the_deadline_the_subscription_is_cancelled(state: SandboxState) -> None:
    events = state.advance(2)
    assert events_of(events) == [
        (Notification.CANCELLED, NEAR, NOW + 2 * HOUR_MS),
        (Notification.EXPIRED, NEAR, NOW + 2 * HOUR_MS),
    ]
    assert state.acknowledge(NEAR) is AckOutcome.INACTIVE
    # Its neighbour, bought later, is still within its 3 days.
    assert state.acknowledge(FRESH) is AckOutcome.ACKNOWLEDGED


def test_events_carry_the_webhook_data(state: SandboxState) -> None:
    (cancelled, _) = state.advance(2)
    assert cancelled.expiry_ms == NOW + 2 * HOUR_MS
    assert cancelled.order["productId"] == "vip_monthly"
    assert cancelled.order["orderAmount"] == "4.99"
    assert cancelled.order["developerPayload"] == "uid=30102"
    near = state.get(NEAR)
    assert near is not None and cancelled.order_id == near.data["orderId"]


def test_an_acknowledged_subscription_renews_with_a_new_order_id(state: SandboxState) -> None:
    assert state.acknowledge(FRESH) is AckOutcome.ACKNOWLEDGED
    before = state.subscription(FRESH)
    assert before is not None and before.expiry_ms == NOW + PERIOD_MS
    events = [e for e in state.advance(30 * 24) if e.token == FRESH]
    assert [e.notification for e in events] == [Notification.RENEWED]
    (renewed,) = events
    assert renewed.event_ms == NOW + PERIOD_MS
    assert renewed.expiry_ms == NOW + 2 * PERIOD_MS
    assert renewed.order_id != before.order_id
    assert renewed.order_id.startswith("1-")
    # verify still shows the purchase as it was bought (no invented field, same orderId).
    order = state.get(FRESH)
    assert order is not None and order.data["orderId"] == before.order_id


def test_a_long_advance_renews_once_per_period_in_order(state: SandboxState) -> None:
    state.acknowledge(FRESH)
    renewals = [e for e in state.advance(91 * 24) if e.token == FRESH]
    assert [e.event_ms for e in renewals] == [NOW + n * PERIOD_MS for n in (1, 2, 3)]
    assert len({e.order_id for e in renewals}) == 3


def test_one_advance_reports_every_change_in_time_order(state: SandboxState) -> None:
    events = state.advance(21 * 24)
    assert events_of(events) == [
        (Notification.CANCELLED, NEAR, NOW + 2 * HOUR_MS),
        (Notification.EXPIRED, NEAR, NOW + 2 * HOUR_MS),
        (Notification.EXPIRED, CANCELLED, NOW + DAY_MS),
        (Notification.CANCELLED, FRESH, NOW + 71 * HOUR_MS),
        (Notification.EXPIRED, FRESH, NOW + 71 * HOUR_MS),
        (Notification.CANCELLED, USER_HAS_ONE, NOW + 71 * HOUR_MS),
        (Notification.EXPIRED, USER_HAS_ONE, NOW + 71 * HOUR_MS),
        (Notification.RENEWED, ACKNOWLEDGED, NOW + 20 * DAY_MS),
    ]
    assert state.advance(1) == []  # nothing is reported twice


def test_acknowledging_starts_the_period_and_reports_purchased(state: SandboxState) -> None:
    told: list[SubscriptionEvent] = []
    state.listen(told.append)
    state.advance(1)
    assert state.acknowledge(NEAR) is AckOutcome.ACKNOWLEDGED
    assert events_of(told) == [(Notification.PURCHASED, NEAR, NOW + HOUR_MS)]
    assert told[0].expiry_ms == NOW + HOUR_MS + PERIOD_MS
    state.unlisten(told.append)
    state.advance(1000)
    assert len(told) == 1


def test_a_user_with_an_active_subscription_gets_5006_until_it_expires(
    state: SandboxState,
) -> None:
    assert state.acknowledge(USER_HAS_ONE) is AckOutcome.ACTIVE_ONE_EXISTS


def test_the_past_deadline_seed_is_history_and_sends_nothing(state: SandboxState) -> None:
    told: list[SubscriptionEvent] = []
    state.listen(told.append)
    state.reset()
    past = state.subscription(PAST)
    assert past is not None and past.status is Status.EXPIRED
    assert state.acknowledge(PAST) is AckOutcome.INACTIVE
    assert told == []


def test_reset_brings_back_the_clock_the_seeds_and_forgets_minted(state: SandboxState) -> None:
    state.acknowledge(FRESH)
    state.consume("sbx-paid-unconsumed-0001")
    (minted,) = state.mint(MintSpec(1, subscription=True))
    state.advance(100)
    summary = state.reset()
    assert summary.now_ms == NOW and state.clock_offset_ms == 0
    assert state.get(minted.token) is None
    fresh = state.subscription(FRESH)
    assert fresh is not None and fresh.status is Status.PENDING
    order = state.get("sbx-paid-unconsumed-0001")
    assert order is not None and order.data["consumptionState"] == 0
    # A token minted after the reset is a new one, never the forgotten one's name again.
    (again,) = state.mint(MintSpec(1, subscription=True))
    assert again.token != minted.token


def test_minted_subscriptions_follow_the_same_rules(state: SandboxState) -> None:
    paid, unpaid = (
        state.mint(MintSpec(1, subscription=True))[0],
        state.mint(MintSpec(1, state=PurchaseState.UNPAID, subscription=True))[0],
    )
    assert state.acknowledge(unpaid.token) is AckOutcome.NOT_PAID
    assert state.acknowledge(paid.token) is AckOutcome.ACKNOWLEDGED
    assert state.acknowledge(paid.token) is AckOutcome.ALREADY_ACKNOWLEDGED
    (late,) = state.mint(MintSpec(1, subscription=True))
    cancelled = [e.notification for e in state.advance(72) if e.token == late.token]
    assert cancelled == [Notification.CANCELLED, Notification.EXPIRED]
    assert state.acknowledge(late.token) is AckOutcome.INACTIVE


@pytest.mark.parametrize("hours", [0, 0.5, float("nan"), 8785])
def test_a_period_that_would_renew_without_end_is_refused(hours: float) -> None:
    with pytest.raises(ValueError, match="a subscription period is 1 to 8784 hours"):
        SandboxState(period_hours=hours)


def test_a_short_period_renews_on_its_own_schedule() -> None:
    state = SandboxState(clock=SandboxClock(wall=lambda: WALL_S), period_hours=2)
    state.acknowledge(FRESH)
    renewals = [e.event_ms for e in state.advance(5) if e.token == FRESH]
    assert renewals == [NOW + 2 * HOUR_MS, NOW + 4 * HOUR_MS]
