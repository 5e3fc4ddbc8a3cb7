"""How long a request may last, and so how long `history resolve` must leave a consume alone.

`request_deadline` is the one place that says it: the client enforces connect + read as a
total deadline around the whole exchange (transport's `Timeouts.deadline`), so a consume's
request cannot outlive it. The resolve window adds a margin for what happens around the
request on the consuming side (writing the entry ahead, handing the request to the client)
and for clocks read on two machines.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from console.payments import Timeouts

RESOLVE_MARGIN_S: Final = 2.0


def request_deadline(timeouts: Timeouts) -> float:
    """The total deadline of one request, in seconds: what the client enforces."""
    return timeouts.deadline


def resolve_window(deadline_s: float) -> timedelta:
    """How old a consume whose request had `deadline_s` must be before resolve touches it."""
    return timedelta(seconds=deadline_s + RESOLVE_MARGIN_S)
