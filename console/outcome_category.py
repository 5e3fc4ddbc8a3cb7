"""The one classification of how an attempt ended, shared by every layer and every output.

A verify, a consume or a resolve ends in exactly one of these; the screen, `--json`, the
history, its exports and the exit codes all read the same value, so a reply that the screen
calls an HTTP error is never "a network error" in the audit trail. Where a failure comes
from the API client, its category is a property of its error class (payments/errors.py):
that is the one mapping from a failure to its category.

Light on purpose (an enum and a dict): `explain` and `--help` load it.
"""

from __future__ import annotations

from enum import StrEnum


class OutcomeCategory(StrEnum):
    OK = "ok"
    """It did what was asked (for a consume: the purchase is consumed)."""
    API = "api"
    """now.gg answered with a non-zero code."""
    HTTP = "http"
    """An HTTP status that is not 2xx, often from a proxy or gateway in between."""
    PARSE = "parse"
    """A reply came back but is not the documented JSON (cut off, malformed, an HTML page)."""
    NETWORK = "network"
    """No usable reply: refused connection, DNS or TLS failure, a connection broken off."""
    TIMEOUT = "timeout"
    """No (complete) reply in time."""
    INPUT = "input"
    """Refused before sending: the token or store fields make no request."""
    KEY = "key"
    """No usable API key: nothing was sent."""
    REFUSED = "refused"
    """A guard refused before the operation was sent (read-only, already consumed, …)."""
    CANCELLED = "cancelled"
    """The operator said no at the confirmation, or it was interrupted before sending."""
    UNKNOWN = "unknown"
    """Sent, and whether now.gg acted is not known (a consume's lost reply, a killed
    process): verifying settles it."""

    @property
    def words(self) -> str:
        """How a person reads it in a table cell or a summary line."""
        return _WORDS[self]

    @property
    def failed(self) -> bool:
        """A failure of the call itself (not OK, not a decision, not unknown)."""
        return self not in (
            OutcomeCategory.OK,
            OutcomeCategory.REFUSED,
            OutcomeCategory.CANCELLED,
            OutcomeCategory.UNKNOWN,
        )


_WORDS = {
    OutcomeCategory.OK: "OK",
    OutcomeCategory.API: "API error",
    OutcomeCategory.HTTP: "HTTP error",
    OutcomeCategory.PARSE: "unreadable reply",
    OutcomeCategory.NETWORK: "network error",
    OutcomeCategory.TIMEOUT: "timeout",
    OutcomeCategory.INPUT: "input refused",
    OutcomeCategory.KEY: "no API key",
    OutcomeCategory.REFUSED: "refused",
    OutcomeCategory.CANCELLED: "cancelled",
    OutcomeCategory.UNKNOWN: "outcome unknown",
}

CATEGORY_NAMES: tuple[str, ...] = tuple(category.value for category in OutcomeCategory)
