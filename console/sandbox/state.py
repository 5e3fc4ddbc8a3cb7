"""The sandbox's in-memory state: the orders verify reads and consume changes, the
subscriptions acknowledge and the clock change, the tokens minted on demand, and the clock.

The server answers from its own event-loop thread while tests and the CLI reset it from
others, and two consumes of one token may race (that is a case the console must survive), so
every read and every check-and-change happens under one lock.

Time moves subscriptions on by itself (deadlines pass, periods end): every operation first
applies what fell due since the last one (`_catch_up`), so the answer is always as of now on the
sandbox's clock. The events this makes — and those of an acknowledgement — go to the listeners
(the webhook sender), called after the lock is released and in the order they happened.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from types import MappingProxyType

from console.sandbox.clock import HOUR_MS, SandboxClock
from console.sandbox.faults import CONSUME_FAULT_ORDERS, SLOW_ORDER
from console.sandbox.minting import MAX_MINTED, MintRefused, MintSpec, minted_order, minted_user
from console.sandbox.orders import SEED_ORDERS, SeedOrder, order_id
from console.sandbox.subscriptions import (
    DEFAULT_PERIOD_HOURS,
    MAX_PERIOD_HOURS,
    MIN_PERIOD_HOURS,
    SUBSCRIPTION_PRODUCT,
    AckOutcome,
    Status,
    Subscription,
    SubscriptionEvent,
    decide_acknowledge,
    pass_time,
    seed_subscriptions,
    start_period,
)

DEFAULT_SEEDS: tuple[SeedOrder, ...] = (*SEED_ORDERS, SLOW_ORDER, *CONSUME_FAULT_ORDERS)

Listener = Callable[[SubscriptionEvent], None]

# Order ids the sandbox makes as it runs (minted purchases, renewals) count from here, far above
# the seeds' serials, so that no two orders ever share an id.
_FIRST_RUNTIME_SERIAL = 1_000_000


class ConsumeOutcome(Enum):
    CONSUMED = "consumed"
    NOT_FOUND = "not found"
    NOT_PAID = "not paid"
    """Unpaid (0) or failed (2): nothing was bought, so nothing can be consumed."""
    ALREADY_CONSUMED = "already consumed"


@dataclass(frozen=True)
class ResetSummary:
    orders: int
    subscriptions: int
    now_ms: int


class SandboxState:
    """Token → the order as it is now; `reset()` brings back the seeds and the wall clock.

    `subscriptions` False leaves the seeded subscriptions out (a test that wants an empty
    sandbox passes `seeds=()` and this); `period_hours` is a subscription's period.
    """

    def __init__(
        self,
        seeds: Iterable[SeedOrder] = DEFAULT_SEEDS,
        *,
        subscriptions: bool = True,
        period_hours: float = DEFAULT_PERIOD_HOURS,
        clock: SandboxClock | None = None,
    ) -> None:
        if not MIN_PERIOD_HOURS <= period_hours <= MAX_PERIOD_HOURS:  # also false for nan
            # A period of nothing would renew forever within a single advance.
            raise ValueError(
                f"a subscription period is {MIN_PERIOD_HOURS:g} to {MAX_PERIOD_HOURS:g} hours"
            )
        self._seeds = tuple(seeds)
        self._with_subscriptions = subscriptions
        self.period_ms = round(period_hours * HOUR_MS)
        self._clock = clock if clock is not None else SandboxClock()
        self._lock = threading.Lock()
        self._orders: dict[str, SeedOrder] = {}
        self._data: dict[str, dict[str, object]] = {}
        self._subscriptions: dict[str, Subscription] = {}
        self._minted = 0
        self._next_change_ms: int | None = None
        # Never reset: minted tokens and order ids stay unique across resets (see `minting`).
        self._mint_serial = 0
        self._order_serial = _FIRST_RUNTIME_SERIAL
        self._listeners: list[Listener] = []
        self.reset()

    def reset(self) -> ResetSummary:
        with self._lock:
            self._clock.reset()
            now = self._clock.now_ms()
            seeds = list(self._seeds)
            subscriptions: tuple[Subscription, ...] = ()
            if self._with_subscriptions:
                seeded = seed_subscriptions(now, self.period_ms)
                seeds += seeded.orders
                subscriptions = seeded.subscriptions
            self._orders = {seed.token: seed for seed in seeds}
            # Deep copies: a consume must never reach the frozen seeds or another state.
            self._data = {seed.token: copy.deepcopy(dict(seed.data)) for seed in seeds}
            self._subscriptions = {sub.token: sub for sub in subscriptions}
            self._minted = 0
            self._plan_next_change()
            return ResetSummary(len(self._orders), len(self._subscriptions), now)

    # Listeners: the webhook sender of a running server.

    def listen(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    # The API's operations.

    def get(self, token: str) -> SeedOrder | None:
        """The order as it is now, with a private copy of its data; None when unknown."""
        with self._lock:
            events = self._catch_up()
            seed = self._orders.get(token)
            data = copy.deepcopy(self._data[token]) if seed is not None else None
        self._tell(events)
        if seed is None or data is None:
            return None
        return replace(seed, data=MappingProxyType(data))

    def consume(self, token: str, developer_payload: str | None = None) -> ConsumeOutcome:
        """Mark a paid, unconsumed order consumed; check and change are one atomic step."""
        with self._lock:
            events = self._catch_up()
            outcome = self._consume(token, developer_payload)
        self._tell(events)
        return outcome

    def _consume(self, token: str, developer_payload: str | None) -> ConsumeOutcome:
        data = self._data.get(token)
        if data is None:
            return ConsumeOutcome.NOT_FOUND
        if data.get("purchaseState") != 1:
            return ConsumeOutcome.NOT_PAID
        if data.get("consumptionState") == 1:
            return ConsumeOutcome.ALREADY_CONSUMED
        data["consumptionState"] = 1
        if developer_payload is not None:
            data["developerPayload"] = developer_payload
        return ConsumeOutcome.CONSUMED

    def acknowledge(self, token: str) -> AckOutcome:
        """Acknowledge a subscription (see `subscriptions` for the rules and their order)."""
        with self._lock:
            events = self._catch_up()
            subscription = self._subscriptions.get(token)
            data = self._data.get(token, {})
            outcome = decide_acknowledge(
                subscription, data.get("purchaseState") == 1, self._subscriptions.values()
            )
            if outcome is AckOutcome.ACKNOWLEDGED and subscription is not None:
                event = start_period(subscription, self._clock.now_ms(), self.period_ms)
                events.append(self._with_order(event))
                self._plan_next_change()
        self._tell(events)
        return outcome

    # The sandbox's own operations (its admin endpoint).

    def mint(self, spec: MintSpec) -> tuple[SeedOrder, ...]:
        """`spec.count` new purchases bought now; raises `MintRefused` past `MAX_MINTED`."""
        with self._lock:
            events = self._catch_up()
            if self._minted + spec.count > MAX_MINTED:
                raise MintRefused(
                    f"the sandbox holds at most {MAX_MINTED} minted tokens and has "
                    f"{self._minted}: reset it first"
                )
            now = self._clock.now_ms()
            minted = []
            for _ in range(spec.count):
                self._mint_serial += 1
                order = minted_order(spec, self._mint_serial, now, self._new_order_serial())
                self._orders[order.token] = order
                self._data[order.token] = copy.deepcopy(dict(order.data))
                if spec.subscription:
                    self._subscriptions[order.token] = Subscription(
                        token=order.token,
                        user=minted_user(self._mint_serial),
                        product_id=SUBSCRIPTION_PRODUCT,
                        purchased_ms=now,
                        order_id=str(order.data["orderId"]),
                        status=Status.PENDING,
                    )
                minted.append(order)
            self._minted += spec.count
            self._plan_next_change()
        self._tell(events)
        return tuple(minted)

    def advance(self, hours: float) -> list[SubscriptionEvent]:
        """Move the clock forward; the events that fell due, in order (also told to listeners)."""
        with self._lock:
            self._clock.advance(hours)
            events = self._catch_up()
        self._tell(events)
        return events

    def catch_up(self) -> list[SubscriptionEvent]:
        """Apply what fell due on the clock by now (the webhook thread calls this every second,
        so a deadline passing in real time is reported without waiting for a request)."""
        with self._lock:
            events = self._catch_up()
        self._tell(events)
        return events

    # Reading, for the admin endpoint and tests.

    def now_ms(self) -> int:
        with self._lock:
            return self._clock.now_ms()

    @property
    def clock_offset_ms(self) -> int:
        with self._lock:
            return self._clock.offset_ms

    def subscription(self, token: str) -> Subscription | None:
        """A copy of a subscription as it is now; None when the token is none."""
        with self._lock:
            events = self._catch_up()
            found = self._subscriptions.get(token)
            copied = found.copy() if found is not None else None
        self._tell(events)
        return copied

    # Under the lock.

    def _catch_up(self) -> list[SubscriptionEvent]:
        now = self._clock.now_ms()
        if self._next_change_ms is None or now < self._next_change_ms:
            return []  # the common case, answered without looking at every subscription
        events: list[SubscriptionEvent] = []
        for subscription in self._subscriptions.values():
            change = subscription.next_change_ms
            if change is not None and change <= now:
                events += pass_time(subscription, now, self.period_ms, self._new_order_id)
        self._plan_next_change()
        # Subscriptions are independent, so each one's events were made in order; across them,
        # order by time (sorted() is stable: one subscription's events at one instant keep theirs).
        return [self._with_order(event) for event in sorted(events, key=lambda e: e.event_ms)]

    def _plan_next_change(self) -> None:
        changes = [
            change
            for change in (sub.next_change_ms for sub in self._subscriptions.values())
            if change is not None
        ]
        self._next_change_ms = min(changes, default=None)

    def _new_order_serial(self) -> int:
        self._order_serial += 1
        return self._order_serial

    def _new_order_id(self, at_ms: int) -> str:
        return order_id(at_ms, self._new_order_serial())

    def _with_order(self, event: SubscriptionEvent) -> SubscriptionEvent:
        return replace(event, order=MappingProxyType(copy.deepcopy(self._data[event.token])))

    def _tell(self, events: list[SubscriptionEvent]) -> None:
        if not events:
            return
        with self._lock:
            listeners = list(self._listeners)
        for event in events:
            for listener in listeners:
                listener(event)
