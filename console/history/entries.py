"""What the history stores: one frozen record per call, and the filter to find records again.

Times are always timezone-aware UTC: the history is shared by consoles in different time zones
(and read back into tickets), so a naive time would be ambiguous. Both dataclasses normalise
on construction, so nothing downstream has to think about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from console.outcome_category import OutcomeCategory

JsonMapping = Mapping[str, object]
"""A JSON object as parsed or about to be serialised (the same shape payments uses)."""

SPOOLED_WORDS = "spooled — not yet on the shared server"
"""How every front end marks an entry of this machine's spool (`HistoryEntry.spooled`)."""

DEFAULT_LIMIT = 200
"""How many entries a search returns unless told otherwise: a screenful-and-more, still fast."""


class Action(StrEnum):
    VERIFY = "verify"
    CONSUME = "consume"
    RESOLVE = "resolve"
    """A verify made to settle a consume whose outcome was unknown."""
    ACKNOWLEDGE = "acknowledge"
    """acknowledgePurchase: a subscription purchase acknowledged (a write, written ahead)."""


Outcome = OutcomeCategory
"""An entry's outcome is the category every layer shares (console/outcome_category.py): what
the screen and `--json` said is what the history keeps. Schema 3 moved older rows onto it."""


class Settlement(StrEnum):
    """What verifying established about a consume (its proof, or `history resolve`)."""

    CONSUMED = "consumed"
    NOT_CONSUMED = "not_consumed"


def as_utc(moment: datetime, what: str) -> datetime:
    """`moment` in UTC; a naive datetime is refused because its zone cannot be guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (got a naive datetime: {moment})")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class HistoryEntry:
    """One verify, consume or resolve, as it happened. `id` is None until stored."""

    id: int | None
    at: datetime
    operator: str
    environment: str
    host: str
    action: Action
    token: str
    store: str
    product_id: str | None = None
    currency: str | None = None
    order_id: str | None = None
    """From the reply, so a ticket quoting only the order id still finds the entry."""
    outcome: Outcome = Outcome.UNKNOWN
    code: int | None = None
    """The API's `code`, when a reply came back."""
    reason: str | None = None
    request: JsonMapping | None = None
    """The request as sent, the key masked: the history never sees a key."""
    reply: JsonMapping | None = None
    latency_ms: float | None = None
    note: str | None = None
    pending: bool = False
    """A consume written ahead of sending and not completed (yet, or ever: a crash)."""
    resolution: str | None = None
    resolved_at: datetime | None = None
    owner_host: str | None = None
    """Where the process that wrote a consume ahead ran (set by the store)."""
    owner_pid: int | None = None
    lock_name: str | None = None
    """The lock file its process holds while the consume is in flight (in_flight.py)."""
    deadline_s: float | None = None
    """The total deadline of the consume's request, in seconds: `history resolve` leaves an
    entry alone until that much time has passed since `at`."""
    guard: str | None = None
    """For a refused consume, the guard that refused (`read_only`, `client_side_store`,
    `unpaid`, `not_confirmed`, …); `reason` says it in words."""
    settlement: Settlement | None = None
    """For a consume: what verifying established (consumed or not), by its proof or by
    `history resolve`; None while nobody verified."""
    proof_entry: int | None = None
    """For a consume: the entry of the verify that proved its settlement."""
    proves_entry: int | None = None
    """For a verify made to prove or settle a consume: that consume's entry."""
    received: JsonMapping | None = None
    """The body that came back when it was not the documented JSON (an HTML page, a cut-off
    reply): `{status, contentType, size, text}`, the text capped."""
    uid: str | None = None
    """The entry's identity everywhere (32 hex digits, made on the writing machine): a shared
    history, the spool and `history import` store an entry once by it. None: made on write."""
    machine: str | None = None
    """The machine that wrote it (its host name). None: this machine, filled in on write."""
    console_version: str | None = None
    """The nowgg-console version that wrote it. None: this one, filled in on write."""

    def __post_init__(self) -> None:
        # Frozen, so normalise through object.__setattr__; accepting plain strings for the
        # enums lets JSON imports and tests build entries without ceremony.
        object.__setattr__(self, "at", as_utc(self.at, "at"))
        object.__setattr__(self, "action", Action(self.action))
        object.__setattr__(self, "outcome", Outcome(self.outcome))
        if self.settlement is not None:
            object.__setattr__(self, "settlement", Settlement(self.settlement))
        if self.resolved_at is not None:
            object.__setattr__(self, "resolved_at", as_utc(self.resolved_at, "resolved_at"))

    @property
    def spooled(self) -> bool:
        """An entry of this machine's spool (spool.py: negative ids): written while a shared
        history's server was away, and not sent to it yet — other consoles cannot see it."""
        return self.id is not None and self.id < 0

    @property
    def unresolved(self) -> bool:
        """A consume nobody knows the fate of: it may or may not have been granted."""
        return (
            self.action is Action.CONSUME
            and self.outcome is Outcome.UNKNOWN
            and self.resolved_at is None
        )


@dataclass(frozen=True)
class HistoryFilter:
    """What to search for; every field left None matches everything."""

    environment: str | None = None
    token: str | None = None
    order_id: str | None = None
    ticket: str | None = None
    """A substring of the note (case-insensitive), e.g. a ticket number."""
    operator: str | None = None
    """Who wrote the entry, exactly as stored (a shared history has many operators)."""
    since: datetime | None = None
    action: Action | None = None
    outcome: Outcome | None = None
    unresolved: bool = False
    """Only consumes whose outcome is unknown and not yet resolved."""
    limit: int | None = DEFAULT_LIMIT
    """None returns every match (for exports); otherwise at least 1."""

    def __post_init__(self) -> None:
        if self.since is not None:
            object.__setattr__(self, "since", as_utc(self.since, "since"))
        if self.action is not None:
            object.__setattr__(self, "action", Action(self.action))
        if self.outcome is not None:
            object.__setattr__(self, "outcome", Outcome(self.outcome))
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1 (got {self.limit})")
