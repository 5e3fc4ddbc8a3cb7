"""What acknowledging a subscription gives back to a front end: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from console.outcome_category import OutcomeCategory
from console.payments import AcknowledgeDeadline, JsonObject, PreparedRequest, PurchaseQuery

from .outcomes import NO_KEY_SHOWN, Failure, LookupOutcome, Refusal
from .query_input import QueryRefused


@dataclass(frozen=True)
class AcknowledgePlan:
    """The *check*: the verify made first, the deadline it gives, and whether to go on."""

    check: LookupOutcome | None
    """The verify made first; None when a guard refused before any request (or a dry run)."""
    query: PurchaseQuery | None
    deadline: AcknowledgeDeadline | None
    """Purchase time + 3 days, as of the check; None without a readable purchase time."""
    refusal: Refusal | None
    forced: bool
    overridden: Refusal | None
    """The refusal `force` overrode (unpaid, past the deadline…), for the front end to say."""
    request: PreparedRequest | None
    """Exactly what acknowledging sends, the key masked (for `--dry-run` and the history)."""
    refused_input: QueryRefused | None = None
    """The input as typed when it made no query: what the history records as the target."""
    force: bool = False
    """`force` was asked for at the check: the acknowledge also passes a write of the same
    token another console holds (held_elsewhere.py)."""

    @property
    def allowed(self) -> bool:
        return self.refusal is None and self.query is not None

    @property
    def key_set(self) -> bool:
        """False for a dry run made without a key: `request` shows `<no key set>`."""
        return self.request is None or self.request.masked_key != NO_KEY_SHOWN


class AcknowledgeStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    """now.gg answered success: the subscription's period starts now."""
    FAILED = "failed"
    """now.gg refused (5001, 5002, 5004, 5006…), or nothing was sent."""
    UNKNOWN = "unknown"
    """Sent, and no usable reply: whether now.gg acknowledged it is not known."""
    REFUSED = "refused"
    """Not sent: its write-ahead entry could not be put on record first."""


@dataclass(frozen=True)
class AcknowledgeOutcome:
    plan: AcknowledgePlan
    status: AcknowledgeStatus
    summary: str
    """One or two sentences for a person: what happened and what to do now."""
    failure: Failure | None = None
    reply: JsonObject | None = None
    """now.gg's reply as it came: the proof of an acknowledge (the verify shows none)."""
    latency_ms: float | None = None
    at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    refusal: Refusal | None = None
    history_entry: int | None = None
    superseded: str | None = None

    @property
    def category(self) -> OutcomeCategory:
        """How the acknowledge ended, in the categories every layer shares."""
        return acknowledge_category(self.status, self.failure)


def acknowledge_category(status: AcknowledgeStatus, failure: Failure | None) -> OutcomeCategory:
    """The one mapping from an acknowledge's verdict to its category (screen, `--json`,
    history): `ok` when now.gg answered success, the failure's category when it refused or
    nothing was sent, `unknown` while nobody knows, `refused` when it was not sent."""
    if status is AcknowledgeStatus.ACKNOWLEDGED:
        return OutcomeCategory.OK
    if status is AcknowledgeStatus.REFUSED:
        return OutcomeCategory.REFUSED
    if status is AcknowledgeStatus.UNKNOWN or failure is None:
        return OutcomeCategory.UNKNOWN
    return failure.category
