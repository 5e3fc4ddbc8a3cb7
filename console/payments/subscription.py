"""A subscription purchase's acknowledgement deadline: purchase time + 3 days ([public] docs,
less certain than the seed pages). Not acknowledged by then, now.gg cancels and refunds it.

Pure arithmetic over the verify reply's purchase time and a `now` the caller gives (a frozen
clock in tests): nothing here reads the wall clock. The reply carries no subscription field, so
whether a purchase *is* a subscription is for the caller to know; this only says when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from console.payments.decode import DecodedPurchase

ACKNOWLEDGE_WINDOW: Final = timedelta(days=3)
"""From the purchase to the last moment an acknowledge is accepted."""

SOON: Final = timedelta(hours=24)
"""Under a day left: worth a warning colour."""
URGENT: Final = timedelta(hours=6)
"""Under six hours left: act now (an on-call shift is longer than that)."""


class Urgency(StrEnum):
    CALM = "calm"
    SOON = "soon"
    URGENT = "urgent"
    PASSED = "passed"


@dataclass(frozen=True)
class AcknowledgeDeadline:
    purchased_at: datetime
    deadline: datetime
    now: datetime

    @property
    def left(self) -> timedelta:
        """Time left until the deadline; negative once it has passed."""
        return self.deadline - self.now

    @property
    def passed(self) -> bool:
        # At the deadline itself the 3 days are over: "within 3 days" is strictly before.
        return self.now >= self.deadline

    @property
    def hours_left(self) -> int:
        """Whole hours left, rounded down (0 in the last hour and after)."""
        return max(0, int(self.left.total_seconds() // 3600))

    @property
    def urgency(self) -> Urgency:
        if self.passed:
            return Urgency.PASSED
        if self.left < URGENT:
            return Urgency.URGENT
        if self.left < SOON:
            return Urgency.SOON
        return Urgency.CALM

    @property
    def left_text(self) -> str:
        """ "2 h 5 min left", "passed 1 d 2 h ago"."""
        if self.passed:
            return f"passed {duration_text(-self.left)} ago"
        return f"{duration_text(self.left)} left"

    @property
    def text(self) -> str:
        """ "2026-12-04 18:00 UTC (2 h 5 min left)"."""
        return f"{self.deadline:%Y-%m-%d %H:%M} UTC ({self.left_text})"


def duration_text(span: timedelta) -> str:
    """A non-negative span as days, hours and minutes, the two largest non-zero units."""
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min"]
    shown = [part for part in parts if part and part != "0 min"]
    if not shown:
        return "under a minute"
    return " ".join(shown[:2])


def acknowledge_deadline(decoded: DecodedPurchase, now: datetime) -> AcknowledgeDeadline | None:
    """The deadline of `decoded` as of `now` (timezone-aware); None when the reply has no
    readable purchase time, so no deadline can be said."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    time = decoded.purchase_time
    if time is None or time.instant is None:
        return None
    purchased = time.instant.astimezone(UTC)
    return AcknowledgeDeadline(purchased, purchased + ACKNOWLEDGE_WINDOW, now.astimezone(UTC))
