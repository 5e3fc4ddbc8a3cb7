"""What the desk's operations give back to a front end: plain frozen data, ready to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from console.payments import (
    CODE_INVALID_AUTHORIZATION_KEY,
    CODE_INVALID_PURCHASE_TOKEN,
    DecodedPurchase,
    Explanation,
    JsonObject,
    PreparedRequest,
    PurchaseQuery,
)
from console.settings.environments import Environment


@dataclass(frozen=True)
class Failure:
    """Any failure of an operation, whatever its origin (API, network, key, input)."""

    kind: str
    """A stable id: an error's `kind` (`api_error`, `timeout`, …) or `missing_key`."""
    category: str
    """`input`, `api`, `http`, `parse`, `network` or `key`."""
    reason: str
    explanation: Explanation
    api_code: int | None = None
    outcome_unknown: bool = False
    request_sent: bool = True
    """False when the request certainly never reached the server."""

    @property
    def needs_key(self) -> bool:
        """No key was found, or now.gg refused the one sent (3900): a key is the way out."""
        return self.category == "key" or self.api_code == CODE_INVALID_AUTHORIZATION_KEY

    @property
    def unknown_token(self) -> bool:
        """3901: now.gg does not know the token here; the usual answer on call is another
        environment (`Workspace.lookup_elsewhere`)."""
        return self.api_code == CODE_INVALID_PURCHASE_TOKEN


@dataclass(frozen=True)
class LookupOutcome:
    """One verifyPurchase: the decoded purchase, or the failure with its explanation."""

    environment: Environment
    host: str
    raw_token: str
    """The token as the person gave it when it made no query; else the query's token."""
    query: PurchaseQuery | None
    """None when the token or store fields were refused before sending."""
    decoded: DecodedPurchase | None
    failure: Failure | None
    request: PreparedRequest | None
    reply: JsonObject | None
    latency_ms: float | None
    at: datetime

    @property
    def ok(self) -> bool:
        return self.decoded is not None

    @property
    def token_changes(self) -> tuple[str, ...]:
        """What cleaning repaired in the token as pasted (the query keeps it)."""
        return self.query.token_changes if self.query is not None else ()


class RefusalReason(StrEnum):
    READ_ONLY = "read_only"
    CLIENT_SIDE_STORE = "client_side_store"
    INVALID_INPUT = "invalid_input"
    MISSING_KEY = "missing_key"
    LOOKUP_FAILED = "lookup_failed"
    UNPAID = "unpaid"
    FAILED = "failed"
    ALREADY_CONSUMED = "already_consumed"
    UNKNOWN_STATE = "unknown_state"
    CONTRADICTORY = "contradictory"
    HISTORY_UNAVAILABLE = "history_unavailable"
    """The write-ahead entry could not be put on record, so nothing was sent (exit code 5)."""
    PAST_DEADLINE = "past_deadline"
    """A subscription's 3 days to acknowledge are over (forceable: now.gg answers, 5004)."""
    NO_PURCHASE_TIME = "no_purchase_time"
    """The reply has no readable purchase time, so the acknowledge deadline is not known."""


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    message: str
    forceable: bool
    """True only for the purchase-state guards, which `--force` may override deliberately."""


@dataclass(frozen=True)
class ConsumePlan:
    """The *check* of check → act → verify: what was found, and whether consuming is allowed."""

    check: LookupOutcome | None
    """The verify made first; None when a guard refused before any request."""
    query: PurchaseQuery | None
    developer_payload: str | None
    refusal: Refusal | None
    forced: bool
    overridden: Refusal | None
    """The refusal `force` overrode, kept so the front end can say what it overrode."""
    request: PreparedRequest | None
    """Exactly what consuming would send, the key masked (for `--dry-run`)."""

    @property
    def allowed(self) -> bool:
        return self.refusal is None and self.query is not None


class ConsumeStatus(StrEnum):
    CONSUMED = "consumed"
    """now.gg consumed it (and, when verify could run, the proof shows Consumed)."""
    FAILED = "failed"
    """now.gg refused, or nothing was sent: the purchase was not consumed by this call."""
    NOT_CONSUMED = "not_consumed"
    """The outcome was unknown, and verifying showed the purchase is still not consumed."""
    UNKNOWN = "unknown"
    """The outcome was unknown and verifying could not settle it."""
    REFUSED = "refused"
    """Not sent: its write-ahead entry could not be put on record first (`refusal` says why)."""
    CONTRADICTION = "contradiction"
    """now.gg answered success, yet verifying afterwards still shows Not consumed: which one
    is right is not known, so the outcome is treated as unknown until settled."""


@dataclass(frozen=True)
class ConsumeOutcome:
    plan: ConsumePlan
    status: ConsumeStatus
    summary: str
    """One or two sentences for a person: what happened and what to do now."""
    failure: Failure | None = None
    proof: LookupOutcome | None = None
    """The verify made after the consume (or after an unknown outcome)."""
    reply: JsonObject | None = None
    latency_ms: float | None = None
    at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    refusal: Refusal | None = None
    """Why it was not sent, for `REFUSED`."""
    history_entry: int | None = None
    """The history entry written ahead of the consume; None when none was written."""
    superseded: str | None = None
    """A resolution `history resolve` had written while this consume was in flight, which the
    consume's own outcome has just replaced."""
