"""Delivering the sandbox's subscription webhooks to a studio's endpoint, as now.gg would.

`sandbox serve --webhook-url URL --webhook-key KEY`: every subscription event (`state`'s
listeners) becomes a JSON `POST` to URL with `Authorization: KEY` — the webhook key, a key of
its own, never the payments key (the server refuses to be given the same one for both). The
endpoint must answer HTTP 200 with a JSON object whose `success` is `true`; anything else (another
status, an HTML page, `{"success": false}`, no answer within the attempt's timeout, no
connection) is retried. now.gg documents only that it "retries for some time"; the sandbox's
schedule is its own **[decision]**, bounded and configurable: by default 4 retries after 0.5,
1, 2 and 4 s (doubling from `--webhook-backoff-ms`), 5 s per attempt, then it gives up and
says so.

Deliveries run in one background thread, so a slow endpoint never slows the API's replies.
Retries wait in a schedule without holding back later events: an endpoint that fails one
notification still gets the next at once. Every attempt is a line of the request log. The same
thread wakes every second to let the sandbox's clock apply what fell due (`tick`), so that a
deadline passing in real time is reported even when no request arrives.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import httpx

from console.sandbox.notifications import notification
from console.sandbox.replies import encode_json
from console.sandbox.request_log import RequestLog, clock_time, shown
from console.sandbox.subscriptions import SubscriptionEvent

MAX_PENDING: Final = 10_000
"""Deliveries waiting at most; past it an event is dropped (and logged), not queued forever."""

MAX_ANSWER_BYTES: Final = 64 * 1024
"""`{"success": true}` is 17 bytes; more than this of an answer is not read."""

_STOP_WAIT_S: Final = 2.0


@dataclass(frozen=True)
class RetrySchedule:
    retries: int = 4
    first_backoff_s: float = 0.5
    """The wait before the first retry; each later one doubles it."""
    timeout_s: float = 5.0
    """How long one attempt waits for the endpoint's answer."""

    @property
    def attempts(self) -> int:
        return self.retries + 1

    def backoff_s(self, attempt: int) -> float:
        """The wait after failed attempt number `attempt` (1-based)."""
        return float(self.first_backoff_s * 2 ** (attempt - 1))

    def describe(self) -> str:
        """`4 retries, after 0.5, 1, 2, 4 s; 5 s per attempt`."""
        if self.retries == 0:
            return f"no retry; {self.timeout_s:g} s per attempt"
        waits = ", ".join(f"{self.backoff_s(n):g}" for n in range(1, self.attempts))
        plural = "y" if self.retries == 1 else "ies"
        return f"{self.retries} retr{plural}, after {waits} s; {self.timeout_s:g} s per attempt"


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    key: str
    schedule: RetrySchedule = RetrySchedule()


@dataclass(frozen=True)
class _Delivery:
    body: bytes
    about: str
    """`SUBSCRIPTION_RENEWED sbx-sub-acknowledged-0104`, for the log."""
    attempt: int = 1


def judge(response: httpx.Response, body: bytes) -> str | None:
    """None when the endpoint accepted the notification; else what was wrong, in a few words."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    try:
        answer = json.loads(body)
    except ValueError:
        kind = response.headers.get("content-type", "no content type")
        return f"HTTP 200 but not JSON ({shown(kind)})"
    if not isinstance(answer, dict) or answer.get("success") is not True:
        return 'HTTP 200 without "success": true'
    return None


class WebhookSender:
    def __init__(
        self,
        target: WebhookTarget,
        log: RequestLog | None = None,
        *,
        tick: Callable[[], object] | None = None,
        tick_s: float = 1.0,
    ) -> None:
        self._target = target
        self._log = log
        self._tick = tick
        self._tick_s = tick_s
        self._ready = threading.Condition()
        # (when, sequence, delivery): the sequence keeps equal times in submission order.
        self._schedule: list[tuple[float, int, _Delivery]] = []
        self._sequence = itertools.count()
        self._in_flight = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name="nowgg-sandbox-webhooks", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop soon; deliveries still waiting are dropped, and the log says how many."""
        with self._ready:
            self._stopping = True
            dropped = len(self._schedule)
            self._schedule.clear()
            self._ready.notify_all()
        if self._thread is not None:
            # An attempt in flight ends within its timeout; the thread is a daemon besides.
            self._thread.join(min(self._target.schedule.timeout_s, _STOP_WAIT_S))
            self._thread = None
        if dropped:
            self._say(f"{dropped} webhook{'s' * (dropped != 1)} not delivered: the sandbox stopped")

    def submit(self, event: SubscriptionEvent) -> None:
        """Queue an event's notification (a state listener; safe from any thread)."""
        about = f"{event.notification.value} {shown(event.token)}"
        delivery = _Delivery(encode_json(notification(event)), about)
        with self._ready:
            if self._stopping:
                return
            if len(self._schedule) >= MAX_PENDING:
                full = True
            else:
                full = False
                self._push(time.monotonic(), delivery)
        if full:
            self._say(f"webhook {about} not sent: {MAX_PENDING} deliveries are waiting already")

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is waiting or in flight; False if `timeout` passed first."""
        deadline = time.monotonic() + timeout
        with self._ready:
            while self._schedule or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._ready.wait(remaining)
        return True

    def _push(self, when: float, delivery: _Delivery) -> None:
        heapq.heappush(self._schedule, (when, next(self._sequence), delivery))
        self._ready.notify_all()

    def _run(self) -> None:
        schedule = self._target.schedule
        timeout = httpx.Timeout(schedule.timeout_s)
        with httpx.Client(trust_env=False, timeout=timeout, follow_redirects=False) as client:
            next_tick = time.monotonic() + self._tick_s
            while True:
                delivery = self._next(next_tick)
                if delivery is None:
                    if self._stopping:
                        return
                    if self._tick is not None:
                        self._tick()
                    next_tick = time.monotonic() + self._tick_s
                    continue
                self._attempt(client, delivery)

    def _next(self, until: float) -> _Delivery | None:
        """The next delivery once it is due; None when it is time to tick, or to stop."""
        with self._ready:
            while not self._stopping:
                now = time.monotonic()
                if self._schedule and self._schedule[0][0] <= now:
                    self._in_flight += 1
                    return heapq.heappop(self._schedule)[2]
                if now >= until:
                    return None
                due = self._schedule[0][0] if self._schedule else until
                self._ready.wait(min(due, until) - now)
            return None

    def _attempt(self, client: httpx.Client, delivery: _Delivery) -> None:
        schedule = self._target.schedule
        failure = self._post(client, delivery.body)
        where = f"webhook {delivery.about} → {shown(self._target.url)}"
        tried = f"attempt {delivery.attempt}/{schedule.attempts}"
        if failure is None:
            self._say(f"{where}  {tried}  delivered (HTTP 200)")
        elif delivery.attempt < schedule.attempts:
            wait = schedule.backoff_s(delivery.attempt)
            self._say(f"{where}  {tried}  {failure}: retry in {wait:g} s")
        else:
            self._say(f"{where}  {tried}  {failure}: given up")
        with self._ready:
            self._in_flight -= 1
            if failure is not None and delivery.attempt < schedule.attempts and not self._stopping:
                retry = _Delivery(delivery.body, delivery.about, delivery.attempt + 1)
                self._push(time.monotonic() + schedule.backoff_s(delivery.attempt), retry)
            self._ready.notify_all()

    def _post(self, client: httpx.Client, body: bytes) -> str | None:
        headers = {
            "Authorization": self._target.key,
            "Content-Type": "application/json",
            "User-Agent": "nowgg-console-sandbox",
        }
        try:
            with client.stream("POST", self._target.url, content=body, headers=headers) as reply:
                answer = bytearray()
                for chunk in reply.iter_bytes():
                    answer.extend(chunk)
                    if len(answer) > MAX_ANSWER_BYTES:
                        return (
                            f"HTTP {reply.status_code} with an answer over {MAX_ANSWER_BYTES} bytes"
                        )
                return judge(reply, bytes(answer))
        except httpx.TimeoutException:
            return f"no answer within {self._target.schedule.timeout_s:g} s"
        except httpx.TransportError as error:
            return f"no connection ({shown(str(error) or type(error).__name__)})"

    def _say(self, line: str) -> None:
        if self._log is not None:
            self._log(f"{clock_time()}  {line}")
