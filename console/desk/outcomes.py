"""What the desk's operations give back to a front end: plain frozen data, ready to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from console.outcome_category import OutcomeCategory
from console.payments import (
    CODE_INVALID_AUTHORIZATION_KEY,
    CODE_INVALID_PURCHASE_TOKEN,
    DecodedPurchase,
    Explanation,
    JsonObject,
    PreparedRequest,
    PurchaseQuery,
    ReceivedBody,
)
from console.settings.environments import Environment

from .query_input import QueryRefused
from .write_operation import CONSUME, WriteOperation

if TYPE_CHECKING:
    from console.payments import AcknowledgeDeadline


@dataclass(frozen=True)
class Failure:
    """Any failure of an operation, whatever its origin (API, network, key, input)."""

    kind: str
    """A stable id: an error's `kind` (`api_error`, `timeout`, `truncated_json`, …) or
    `missing_key`."""
    category: OutcomeCategory
    """`input`, `api`, `http`, `parse`, `network`, `timeout` or `key`: the one category the
    screen, `--json` and the history all show (console/outcome_category.py)."""
    reason: str
    explanation: Explanation
    api_code: int | None = None
    outcome_unknown: bool = False
    """A consume's request may have been processed and no reliable answer came: verify
    before anything else. Never true for a verify, which changes nothing."""
    request_sent: bool = True
    """False when the request certainly never reached the server."""
    operation: str = "verify"
    """`verify`, `consume` or `acknowledge`: what failed (the explanation's words follow it)."""
    received: ReceivedBody | None = None
    """The body that came back when it could not be used (an HTML page, a cut-off JSON,
    plain text; capped), for a raw view and the history; None when none arrived or the reply
    was the documented JSON (then `LookupOutcome.reply` holds it)."""

    @property
    def raw_body(self) -> bytes | None:
        """The bytes of `received`, capped (`ReceivedBody.data`)."""
        return self.received.data if self.received is not None else None

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
    refused_input: QueryRefused | None = None
    """The input as typed when it made no query (`query` is None): its token and store fields
    are what the history records for the attempt."""
    verify_path_note: str | None = None
    """Said when the verify path's spelling was not the one this environment had: the first
    answered code 150 ("interface not exist") and the other one was tried (API.md, "Path
    spelling"); whether it worked, and where that is remembered."""

    @property
    def ok(self) -> bool:
        return self.decoded is not None

    @property
    def category(self) -> OutcomeCategory:
        """How this verify ended, as the screen, `--json` and the history classify it."""
        return OutcomeCategory.OK if self.failure is None else self.failure.category

    @property
    def received(self) -> ReceivedBody | None:
        """The body that came back when it was not the documented JSON (see `Failure`)."""
        return self.failure.received if self.failure is not None else None

    @property
    def raw_body(self) -> bytes | None:
        """The bytes that came back when they were not the documented JSON, capped; None when
        nothing came back or `reply` holds the parsed reply."""
        return self.failure.raw_body if self.failure is not None else None

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


NO_KEY_SHOWN = "<no key set>"
"""What a dry run made without a key shows in the `Authorization` header."""
