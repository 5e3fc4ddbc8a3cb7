"""The blocking exchange of a one-shot command (`nowgg-console verify`): one request sent with
`httpx.Client`, without an event loop under it.

A command that sends one request and exits pays, with httpx's async client, for anyio and
httpcore's async stack on every start; the blocking client needs neither. Everything else is
the async exchange's, shared rather than copied (client.py): the prepared request with the
real key put back only on the wire, the proxy and TLS policy, the bounded body reader
(`body.read_body_blocking`), the trace that tells whether a request may have left, and the
mapping of failures to the same `PaymentsError`s.

The total deadline holds without an event loop: each socket operation has its own timeout
(connect, read), and on top a real-time alarm (`signal.setitimer`) interrupts whatever step
the exchange is in once the whole of it has taken too long; the deadline is also checked
between reads of the body. Signals reach only the main thread, so the blocking client sends
only from it (a command's `asyncio.run` runs there); the console keeps the async client.

Ctrl+C ends a blocking exchange at once, as it does an awaited one: `asyncio.run`'s own
handler only cancels the task at its next `await` and lets the blocked read go on, so
while a request is out, Ctrl+C raises `KeyboardInterrupt` where it blocks.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import httpx

from console.payments.body import read_body_blocking
from console.payments.deadline import ExchangeProgress

_Handler = Callable[[int, FrameType | None], Any] | int | None


class DeadlinePassed(TimeoutError):
    """The alarm of a blocking exchange rang. A `TimeoutError`, like the async deadline's, so
    the exchange's failure handling is the same for both (client.py)."""


class TotalDeadline:
    """`with TotalDeadline(seconds):` the block is interrupted by `DeadlinePassed` once
    `seconds` have passed, and by `KeyboardInterrupt` at Ctrl+C. Main thread only; the
    alarm and both handlers are put back after."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._ends: float | None = None
        self._rang = False
        self._previous: _Handler = signal.SIG_DFL
        self._previous_interrupt: _Handler = signal.SIG_DFL

    def __enter__(self) -> TotalDeadline:
        if threading.current_thread() is not threading.main_thread():
            # A programming error, not a network failure: signals reach the main thread only.
            raise RuntimeError("the blocking client sends from the main thread only")
        self._previous = signal.signal(signal.SIGALRM, self._ring)
        self._previous_interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
        # The end is taken before the alarm is set, so `expired` is true by the time it rings.
        self._ends = time.monotonic() + self._seconds
        signal.setitimer(signal.ITIMER_REAL, self._seconds)
        return self

    def _ring(self, signum: int, frame: FrameType | None) -> None:
        self._rang = True
        raise DeadlinePassed(f"the exchange took more than {self._seconds:g} s")

    def check(self) -> None:
        """Raise `DeadlinePassed` if the deadline has passed (between two reads)."""
        if self.expired():
            raise DeadlinePassed(f"the exchange took more than {self._seconds:g} s")

    def expired(self) -> bool:
        return self._rang or (self._ends is not None and time.monotonic() >= self._ends)

    def __exit__(self, *exc_info: object) -> None:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, self._previous)
            signal.signal(signal.SIGINT, self._previous_interrupt)


def exchange_blocking(
    http: httpx.Client,
    request: httpx.Request,
    progress: ExchangeProgress,
    deadline: TotalDeadline,
    max_body_bytes: int,
) -> tuple[httpx.Response, bytes]:
    """Send `request` and read its bounded body, within `deadline` (entered here). Raises
    what the async exchange raises: httpx's errors, `OSError`s, `TimeoutError` at the
    deadline, the body's `PaymentsError`s."""
    request.extensions["trace"] = progress.trace_blocking  # httpcore calls it, never awaits
    with deadline:
        response = http.send(request, stream=True)
        try:
            return response, read_body_blocking(response, max_body_bytes, deadline.check)
        finally:
            response.close()
