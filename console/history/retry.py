"""Bounded retries when another console holds the database lock.

SQLite's busy_timeout already waits inside each call, but some lock conflicts return BUSY at
once (a reader upgrading to a writer, WAL recovery after a crash); waiting a little and
starting the whole transaction again is the documented cure. Bounded twice — in attempts and
in total time — so a console stuck on a lock says so instead of hanging: every attempt that
waited the full busy timeout counts against `budget_s`, so a lock held for a minute costs one
busy timeout, not one per attempt.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from console.history.errors import is_busy

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    first_delay_s: float = 0.02
    max_delay_s: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    """Injectable so a test can act between attempts instead of waiting."""

    def delay(self, attempt: int) -> float:
        # Exponential with full jitter, so consoles that collided do not collide again in step.
        ceiling = min(self.max_delay_s, self.first_delay_s * (2**attempt))
        return random.uniform(ceiling / 2, ceiling)


def with_retry(
    operation: Callable[[], T], policy: RetryPolicy, *, budget_s: float | None = None
) -> T:
    """Run `operation`, again after a pause whenever it fails with busy/locked — unless
    `budget_s` seconds have already gone by since the first attempt."""
    started = time.monotonic()
    for attempt in range(policy.attempts):
        try:
            return operation()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or attempt == policy.attempts - 1:
                raise
            if budget_s is not None and time.monotonic() - started >= budget_s:
                raise
            policy.sleep(policy.delay(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")
