"""What is in flight, in the words the screen shows while it runs: which request (a verify, a
consume or an acknowledge, the verify before one, a resolve, an environment check), to which
host, for how long, and what Escape will do — a bare spinner leaves an on-call engineer
guessing whether to wait, cancel or worry.

No Textual here: the line that shows it is widgets/in_flight_line.py.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import StrEnum


class RequestKind(StrEnum):
    VERIFY = "verify"
    CHECK_BEFORE_CONSUME = "verify before a consume"
    CONSUME = "consume"
    CHECK_BEFORE_ACKNOWLEDGE = "verify before an acknowledge"
    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"
    ENVIRONMENT_CHECK = "environment check"
    ELSEWHERE = "verify in other environments"
    WORKLIST = "worklist verify"
    """The worklist's verifies (its list, a row again): its own Escape stops them."""


# What the key that cancels does, per kind; a consume that was sent has no such key.
_CANCELS: dict[RequestKind, str] = {
    RequestKind.VERIFY: "cancels this lookup",
    RequestKind.CHECK_BEFORE_CONSUME: "cancels this lookup (nothing was sent but a verify)",
    RequestKind.CHECK_BEFORE_ACKNOWLEDGE: "cancels this lookup (nothing was sent but a verify)",
    RequestKind.ELSEWHERE: "cancels this lookup",
    RequestKind.RESOLVE: "stops resolving (what was settled stays settled)",
    RequestKind.ENVIRONMENT_CHECK: "cancels this check",
    RequestKind.WORKLIST: "on the worklist stops verifying (rows answered stay)",
}


# What the line says is under way, per kind ({subject}, {host} filled in).
_WHAT: dict[RequestKind, str] = {
    RequestKind.VERIFY: "Verifying {subject} on {host}",
    RequestKind.CHECK_BEFORE_CONSUME: "Verifying {subject} on {host} before consuming it",
    RequestKind.CONSUME: "Consume of {subject} sent to {host}",
    RequestKind.CHECK_BEFORE_ACKNOWLEDGE: "Verifying {subject} on {host} before acknowledging it",
    RequestKind.ACKNOWLEDGE: "Acknowledge of {subject} sent to {host}",
    RequestKind.RESOLVE: "Resolving {subject} on {host} by verifying",
    RequestKind.WORKLIST: "Verifying {subject} on {host}",
    RequestKind.ENVIRONMENT_CHECK: "Checking {subject} ({host})",
    RequestKind.ELSEWHERE: "Looking {subject} up in the other environments",
}

_AN = {RequestKind.CONSUME: "a consume", RequestKind.ACKNOWLEDGE: "an acknowledge"}


@dataclass(frozen=True)
class InFlightRequest:
    kind: RequestKind
    host: str
    subject: str
    """What it is about, as the screen may show it (a masked token, "2 consumes", a name)."""
    limit_s: float | None = None
    """For a consume or an acknowledge: at most how long its outcome can take (its request,
    and for a consume the verify after it)."""
    started: float = field(default_factory=time.monotonic)

    def elapsed_s(self, now: float | None = None) -> int:
        return max(0, int((time.monotonic() if now is None else now) - self.started))

    @property
    def cancellable(self) -> bool:
        """A read, which the cancel key stops; a consume or an acknowledge that was sent is not."""
        return self.kind in _CANCELS

    def what(self) -> str:
        return _WHAT[self.kind].format(subject=self.subject, host=self.host)

    def escape_words(self, key: str, now: float | None = None) -> str:
        """What the cancel key (`key`, as shown) does to this request."""
        if self.kind in (RequestKind.CONSUME, RequestKind.ACKNOWLEDGE):
            waiting = f"{_AN[self.kind]} that was sent cannot be cancelled: waiting for its outcome"
            if self.limit_s is None:
                return waiting
            left = math.ceil(self.limit_s) - self.elapsed_s(now)
            return f"{waiting}, at most {left} s" if left > 0 else f"{waiting}, any moment now"
        return f"{key[:1].upper()}{key[1:]} {_CANCELS[self.kind]}"

    def line(self, key: str, now: float | None = None) -> str:
        """The whole line: what, where, for how long, and what the key does."""
        return f"{self.what()} · {self.elapsed_s(now)} s · {self.escape_words(key, now)}"
