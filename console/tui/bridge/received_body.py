"""The body a failed request received (an HTML 502 page, truncated JSON, text, bytes), for the
raw view: what the screen's excerpt was taken from, capped below.

Becomes `outcome.received` (core9's `ReceivedBody`: status, content type, the capped bytes and
how many arrived) once core9's API is in this tree; until then an outcome carries no body and
this returns None, and the raw view says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.desk import LookupOutcome


@dataclass(frozen=True)
class Received:
    data: bytes
    """As it came, capped by the layer below."""
    size: int
    """How many bytes arrived in all."""
    status: int | None
    content_type: str


def received_body(outcome: LookupOutcome) -> Received | None:
    received = getattr(outcome, "received", None)
    data = getattr(received, "data", None)
    if not isinstance(data, bytes):
        return None
    size = getattr(received, "size", len(data))
    status = getattr(received, "status", None)
    content_type = getattr(received, "content_type", "")
    return Received(
        data,
        size if isinstance(size, int) else len(data),
        status if isinstance(status, int) else None,
        content_type if isinstance(content_type, str) else "",
    )
