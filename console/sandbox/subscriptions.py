"""Subscriptions: acknowledgement within 3 days, periods that renew, and the events they make.

What API.md knows ([public], less certain than the seed pages): a subscription purchase not
acknowledged within 3 days of the purchase is cancelled and refunded; the period starts at the
acknowledgement; status changes reach the studio as webhooks SUBSCRIPTION_PURCHASED, _RENEWED,
_CANCELLED and _EXPIRED. Everything else here is the sandbox's **[decision]**, kept small and
written down so that QA can predict it:

- one life cycle, driven by the sandbox's clock (`clock`):
  PENDING (bought, not acknowledged) → acknowledged: ACTIVE, the period starts, event PURCHASED
  (sent on acknowledgement rather than at purchase, because only then does the subscription
  have an `expiryTime`); ACTIVE → at the period's end RENEWED, with a new `orderId` (API.md: a
  forced test renewal makes a new orderId) and the next period; PENDING → at purchase + 3 days
  CANCELLED (refunded; access ends at that very moment, so EXPIRED follows at once);
  CANCELLED → at its `expiryTime` EXPIRED. A subscription its user cancelled is CANCELLED
  while it still runs, and EXPIRED at the end of its period;
- the period is 30 days unless the sandbox is started with another
  (`sandbox serve --subscription-period-hours`);
- acknowledge answers, checked in this order: a token that is no subscription (or no token at
  all) 5001 NO_VALID_SUBSCRIPTION_FOUND; an expired one 5004 SUBSCRIPTION_INACTIVE; one already
  acknowledged 5002 INVALID_SUBSCRIPTION_OPERATION; one cancelled for a missed deadline 5004;
  an unpaid or failed one 5002; one whose user already has an active subscription to the same
  product 5006 ACTIVE_SUBSCRIPTION_ALREADY_EXISTS; else success;
- verifyPurchase answers a subscription's token like any purchase, unchanged by the life
  cycle: the reply documents no subscription field, so none is invented. Its `orderId` stays
  the first period's; renewals' order ids are in the webhooks.

The user of a subscription (for 5006) is the `uid=` of its developerPayload, as the seeded
orders write it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Final

from console.sandbox.clock import HOUR_MS
from console.sandbox.orders import NOWGG, SeedOrder, order_data, order_id

ACKNOWLEDGE_WINDOW_MS: Final = 72 * HOUR_MS
"""3 days from purchase to acknowledge (API.md [public])."""

DEFAULT_PERIOD_HOURS: Final = 720.0
"""30 days: a monthly subscription."""

MIN_PERIOD_HOURS: Final = 1.0
MAX_PERIOD_HOURS: Final = 8784.0
"""A leap year: anything longer is no subscription anyone sells."""

SUBSCRIPTION_PRODUCT: Final = "vip_monthly"
SUBSCRIPTION_CURRENCY: Final = "USD"
SUBSCRIPTION_AMOUNT: Final = "4.99"


class Status(Enum):
    PENDING = "pending"
    """Bought, not acknowledged: cancelled at purchase + 3 days."""
    ACTIVE = "active"
    """Acknowledged; renews at `expiry_ms`."""
    CANCELLED = "cancelled"
    """Will not renew; runs until `expiry_ms`, then expires."""
    EXPIRED = "expired"


class Notification(StrEnum):
    """The webhooks' `notificationType`s, the sandbox's own copy of the names (as for the
    codes in `replies`: a shared typo would make a test prove nothing)."""

    PURCHASED = "SUBSCRIPTION_PURCHASED"
    RENEWED = "SUBSCRIPTION_RENEWED"
    CANCELLED = "SUBSCRIPTION_CANCELLED"
    EXPIRED = "SUBSCRIPTION_EXPIRED"


@dataclass
class Subscription:
    """One subscription as it is now; changed only under the state's lock."""

    token: str
    user: str
    product_id: str
    purchased_ms: int
    order_id: str
    """The current period's order id (a renewal makes a new one)."""
    status: Status
    acknowledged_ms: int | None = None
    expiry_ms: int | None = None
    """The end of the current period (ACTIVE), or when access ends (CANCELLED, EXPIRED)."""

    @property
    def deadline_ms(self) -> int:
        return self.purchased_ms + ACKNOWLEDGE_WINDOW_MS

    @property
    def next_change_ms(self) -> int | None:
        """When the clock next changes this subscription by itself; None: never again."""
        match self.status:
            case Status.PENDING:
                return self.deadline_ms
            case Status.ACTIVE | Status.CANCELLED:
                return self.expiry_ms
            case Status.EXPIRED:
                return None

    def copy(self) -> Subscription:
        return replace(self)


@dataclass(frozen=True)
class SubscriptionEvent:
    """Something that happened to a subscription: what its webhook reports."""

    notification: Notification
    token: str
    order_id: str
    event_ms: int
    expiry_ms: int
    order: Mapping[str, object] = field(default_factory=dict)
    """The purchase's verify data when it happened (product, amount, payload…)."""


class AckOutcome(Enum):
    ACKNOWLEDGED = "acknowledged"
    NOT_A_SUBSCRIPTION = "no valid subscription found"
    ALREADY_ACKNOWLEDGED = "already acknowledged"
    NOT_PAID = "not paid"
    INACTIVE = "inactive"
    ACTIVE_ONE_EXISTS = "the user has an active subscription"


def decide_acknowledge(
    subscription: Subscription | None, paid: bool, others: Iterable[Subscription]
) -> AckOutcome:
    """The answer to an acknowledge, in the order the module's docstring gives."""
    if subscription is None:
        return AckOutcome.NOT_A_SUBSCRIPTION
    if subscription.status is Status.EXPIRED:
        return AckOutcome.INACTIVE
    if subscription.acknowledged_ms is not None:
        return AckOutcome.ALREADY_ACKNOWLEDGED
    if subscription.status is Status.CANCELLED:
        return AckOutcome.INACTIVE
    if not paid:
        return AckOutcome.NOT_PAID
    for other in others:
        if (
            other.token != subscription.token
            and other.user == subscription.user
            and other.product_id == subscription.product_id
            and other.status in (Status.ACTIVE, Status.CANCELLED)
        ):
            return AckOutcome.ACTIVE_ONE_EXISTS
    return AckOutcome.ACKNOWLEDGED


def start_period(subscription: Subscription, now_ms: int, period_ms: int) -> SubscriptionEvent:
    """Acknowledged now: the first period starts (event PURCHASED)."""
    subscription.status = Status.ACTIVE
    subscription.acknowledged_ms = now_ms
    subscription.expiry_ms = now_ms + period_ms
    return _event(Notification.PURCHASED, subscription, now_ms)


def pass_time(
    subscription: Subscription,
    now_ms: int,
    period_ms: int,
    new_order_id: Callable[[int], str],
) -> list[SubscriptionEvent]:
    """Every change due by `now_ms`, applied in order; each event at the time it was due
    (an advance of 90 days renews a monthly subscription three times)."""
    events: list[SubscriptionEvent] = []
    while True:
        due = subscription.next_change_ms
        if due is None or due > now_ms:
            return events
        match subscription.status:
            case Status.PENDING:
                subscription.status = Status.CANCELLED
                subscription.expiry_ms = due  # refunded: access ends with the deadline
                events.append(_event(Notification.CANCELLED, subscription, due))
            case Status.CANCELLED:
                subscription.status = Status.EXPIRED
                events.append(_event(Notification.EXPIRED, subscription, due))
            case Status.ACTIVE:
                subscription.order_id = new_order_id(due)
                subscription.expiry_ms = due + period_ms
                events.append(_event(Notification.RENEWED, subscription, due))
            case Status.EXPIRED:  # no change is due; kept so every status has its case
                return events


def _event(kind: Notification, subscription: Subscription, at_ms: int) -> SubscriptionEvent:
    expiry = subscription.expiry_ms if subscription.expiry_ms is not None else at_ms
    return SubscriptionEvent(kind, subscription.token, subscription.order_id, at_ms, expiry)


# The seeded subscriptions: tokens and what each shows. Their times are relative to the
# sandbox's clock at start and at every reset (built by `seed_subscriptions`).
FRESH_TOKEN: Final = "sbx-sub-fresh-0101"
NEAR_DEADLINE_TOKEN: Final = "sbx-sub-near-deadline-0102"
PAST_DEADLINE_TOKEN: Final = "sbx-sub-past-deadline-0103"
ACKNOWLEDGED_TOKEN: Final = "sbx-sub-acknowledged-0104"
NOT_A_SUBSCRIPTION_TOKEN: Final = "sbx-sub-not-a-subscription-0105"
USER_HAS_ONE_TOKEN: Final = "sbx-sub-user-has-one-0106"
CANCELLED_BY_USER_TOKEN: Final = "sbx-sub-cancelled-0107"

SUBSCRIPTION_TITLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        FRESH_TOKEN: "subscription bought 1 h ago, not acknowledged (acknowledge: success)",
        NEAR_DEADLINE_TOKEN: "subscription 2 h from its 3-day deadline (acknowledge: success)",
        PAST_DEADLINE_TOKEN: "subscription past its deadline, cancelled (acknowledge: 5004)",
        ACKNOWLEDGED_TOKEN: "subscription acknowledged, active, renews (acknowledge: 5002)",
        NOT_A_SUBSCRIPTION_TOKEN: "a one-time purchase, no subscription (acknowledge: 5001)",
        USER_HAS_ONE_TOKEN: "subscription of a user who has an active one (acknowledge: 5006)",
        CANCELLED_BY_USER_TOKEN: "cancelled by its user, ends in a day (acknowledge: 5002)",
    }
)


@dataclass(frozen=True)
class SeededSubscriptions:
    orders: tuple[SeedOrder, ...]
    subscriptions: tuple[Subscription, ...]


def subscription_order(
    token: str,
    title: str,
    *,
    purchased_ms: int,
    serial: int,
    user: str,
    purchase_state: int = 1,
    test: bool = False,
    product_id: str = SUBSCRIPTION_PRODUCT,
) -> SeedOrder:
    """The purchase behind a subscription: an ordinary nowgg order to verify."""
    data = order_data(
        token,
        time_ms=purchased_ms,
        serial=serial,
        purchase_state=purchase_state,
        consumption_state=0,
        product_id=product_id,
        currency=SUBSCRIPTION_CURRENCY,
        amount=SUBSCRIPTION_AMOUNT,
        payload=f"uid={user}",
        test=test,
    )
    return SeedOrder(token, title, NOWGG, None, None, MappingProxyType(data))


def seed_subscriptions(now_ms: int, period_ms: int) -> SeededSubscriptions:
    """The seeded subscriptions as of `now_ms`, as if they had lived on this clock: each one's
    past (a deadline missed a day ago, a period half run) is history, and sends no webhook."""
    hour = HOUR_MS
    orders: list[SeedOrder] = []
    subscriptions: list[Subscription] = []

    def add(
        token: str, serial: int, user: str, purchased: int, status: Status, **times: int
    ) -> None:
        order = subscription_order(
            token, SUBSCRIPTION_TITLES[token], purchased_ms=purchased, serial=serial, user=user
        )
        orders.append(order)
        subscriptions.append(
            Subscription(
                token,
                user,
                SUBSCRIPTION_PRODUCT,
                purchased,
                order_id(purchased, serial),
                status,
                **times,
            )
        )

    add(FRESH_TOKEN, 101, "30101", now_ms - hour, Status.PENDING)
    add(NEAR_DEADLINE_TOKEN, 102, "30102", now_ms - 70 * hour, Status.PENDING)
    past = now_ms - 96 * hour
    add(
        PAST_DEADLINE_TOKEN,
        103,
        "30103",
        past,
        Status.EXPIRED,
        expiry_ms=past + ACKNOWLEDGE_WINDOW_MS,
    )
    # Two thirds of its period still to run (20 of 30 days), acknowledged an hour after buying.
    ends = now_ms + 2 * period_ms // 3
    add(
        ACKNOWLEDGED_TOKEN,
        104,
        "30104",
        ends - period_ms - hour,
        Status.ACTIVE,
        acknowledged_ms=ends - period_ms,
        expiry_ms=ends,
    )
    orders.append(
        subscription_order(
            NOT_A_SUBSCRIPTION_TOKEN,
            SUBSCRIPTION_TITLES[NOT_A_SUBSCRIPTION_TOKEN],
            purchased_ms=now_ms - hour,
            serial=105,
            user="30105",
            product_id="gems_100",
        )
    )
    # Same user and product as ACKNOWLEDGED_TOKEN, whose subscription is active.
    add(USER_HAS_ONE_TOKEN, 106, "30104", now_ms - hour, Status.PENDING)
    # A thirtieth of its period left (a day of 30).
    ends = now_ms + period_ms // 30
    add(
        CANCELLED_BY_USER_TOKEN,
        107,
        "30107",
        ends - period_ms - hour,
        Status.CANCELLED,
        acknowledged_ms=ends - period_ms,
        expiry_ms=ends,
    )
    return SeededSubscriptions(tuple(orders), tuple(subscriptions))
