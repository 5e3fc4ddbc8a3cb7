"""What a write (consume, acknowledge) gives back: its plan — the check of check → act — its
refusal, its status and its outcome. Loaded with the first write: a lookup never needs them
(`nowgg-console verify` does not define them). Front ends import these from outcomes.py,
which names them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from console.outcome_category import OutcomeCategory
from console.payments import JsonObject, PreparedRequest, PurchaseQuery

from .outcomes import NO_KEY_SHOWN
from .write_operation import CONSUME, WriteOperation

if TYPE_CHECKING:
    from console.payments import AcknowledgeDeadline

    from .outcomes import Failure, LookupOutcome
    from .query_input import QueryRefused


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
    NOT_CONFIRMED = "not_confirmed"
    """No confirmation could be asked for (no terminal, and no `--yes`)."""
    HELD_ELSEWHERE = "held_elsewhere"
    """Another console's write of this token is in flight or of unknown outcome (forceable;
    held_elsewhere.py)."""


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    message: str
    forceable: bool
    """True only for the purchase-state guards, which `--force` may override deliberately."""


@dataclass(frozen=True)
class WritePlan:
    """The *check* of check → act of a write (write_operation.py): what was found, and
    whether sending it is allowed."""

    check: LookupOutcome | None
    """The verify made first; None when a guard refused before any request (or a dry run)."""
    query: PurchaseQuery | None
    developer_payload: str | None
    """A consume's optional payload (an acknowledge sends none)."""
    refusal: Refusal | None
    forced: bool
    overridden: Refusal | None
    """The refusal `force` overrode, kept so the front end can say what it overrode."""
    request: PreparedRequest | None
    """Exactly what the write would send, the key masked (for `--dry-run`, the history)."""
    refused_input: QueryRefused | None = None
    """The input as typed when it made no query: what the history records as the target."""
    operation: WriteOperation = CONSUME
    deadline: AcknowledgeDeadline | None = None
    """An acknowledge's purchase time + 3 days, as of the check; None without a readable
    purchase time (and for a consume)."""
    force: bool = False
    """`force` was asked for at the check: the write also passes a write of the same token
    another console holds (held_elsewhere.py)."""

    @property
    def allowed(self) -> bool:
        return self.refusal is None and self.query is not None

    @property
    def key_set(self) -> bool:
        """False for a dry run made without a key: `request` shows `<no key set>`."""
        return self.request is None or self.request.masked_key != NO_KEY_SHOWN


ConsumePlan = WritePlan
AcknowledgePlan = WritePlan


class WriteStatus(StrEnum):
    CONSUMED = "consumed"
    """now.gg consumed it (and, when verify could run, the proof shows Consumed)."""
    ACKNOWLEDGED = "acknowledged"
    """now.gg answered success to an acknowledge: the subscription's period starts now."""
    FAILED = "failed"
    """now.gg refused, or nothing was sent: the write did not take effect by this call."""
    NOT_CONSUMED = "not_consumed"
    """The outcome was unknown, and verifying showed the purchase is still not consumed."""
    UNKNOWN = "unknown"
    """The outcome was unknown and nothing could settle it."""
    REFUSED = "refused"
    """Not sent: its write-ahead entry could not be put on record first (`refusal` says why)."""
    CONTRADICTION = "contradiction"
    """now.gg answered success, yet verifying afterwards still shows Not consumed: which one
    is right is not known, so the outcome is treated as unknown until settled."""


ConsumeStatus = WriteStatus
AcknowledgeStatus = WriteStatus

DONE: frozenset[WriteStatus] = frozenset({WriteStatus.CONSUMED, WriteStatus.ACKNOWLEDGED})
"""The statuses of a write that took effect."""


@dataclass(frozen=True)
class WriteOutcome:
    plan: WritePlan
    status: WriteStatus
    summary: str
    """One or two sentences for a person: what happened and what to do now."""
    failure: Failure | None = None
    proof: LookupOutcome | None = None
    """The verify made after a consume (or after an unknown outcome); an acknowledge has none
    (its proof is `reply`)."""
    reply: JsonObject | None = None
    latency_ms: float | None = None
    at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    refusal: Refusal | None = None
    """Why it was not sent, for `REFUSED`."""
    history_entry: int | None = None
    """The history entry written ahead of the write; None when none was written."""
    superseded: str | None = None
    """A resolution `history resolve` had written while this write was in flight, which the
    write's own outcome has just replaced."""
    proof_entry: int | None = None
    """The history entry of the proof (the verify made after the consume), linked to the
    consume's own entry; None when there was no proof or it could not be recorded."""

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def category(self) -> OutcomeCategory:
        """How the write ended, in the categories every layer shares: `ok` when it took
        effect, the failure's category when it did not, `unknown` while nobody knows,
        `refused` when it was not sent (its refusal says why)."""
        return write_category(self.status, self.failure)


ConsumeOutcome = WriteOutcome
AcknowledgeOutcome = WriteOutcome


def write_category(status: WriteStatus, failure: Failure | None) -> OutcomeCategory:
    """The one mapping from a write's verdict to its category (screen, `--json`, history)."""
    if status in DONE:
        return OutcomeCategory.OK
    if status is WriteStatus.REFUSED:
        return OutcomeCategory.REFUSED
    if status in (WriteStatus.UNKNOWN, WriteStatus.CONTRADICTION) or failure is None:
        return OutcomeCategory.UNKNOWN
    return failure.category
