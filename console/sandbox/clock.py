"""The sandbox's clock: the wall clock, moved forward on request (`sandbox advance --hours N`).

Subscriptions live on days (3 days to acknowledge, a period of 30 days), which no test and no
QA session can wait for; moving the sandbox's own clock lets deadlines pass and periods end at
once. It follows the wall clock otherwise, so that a console reading `purchaseTime` with its
own clock sees the same age of a purchase as the sandbox does — until an advance, after which
the sandbox is ahead by exactly the hours advanced (shown by `sandbox advance`).

Not thread-safe on its own: `SandboxState` reads and moves it under its lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

HOUR_MS: Final = 3_600_000


class SandboxClock:
    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        """`wall` gives seconds since the epoch; a test passes a frozen one."""
        self._wall = wall
        self._offset_ms = 0

    def now_ms(self) -> int:
        """Now on the sandbox's clock, in epoch milliseconds (the API's unit)."""
        return int(self._wall() * 1000) + self._offset_ms

    @property
    def offset_ms(self) -> int:
        """How far ahead of the wall clock the sandbox is."""
        return self._offset_ms

    def advance(self, hours: float) -> None:
        self._offset_ms += round(hours * HOUR_MS)

    def reset(self) -> None:
        """Back to the wall clock (`sandbox reset`)."""
        self._offset_ms = 0


def utc_text(ms: int) -> str:
    """An instant as people read it in a log or a terminal: `2026-05-01 14:03:07 UTC`."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
