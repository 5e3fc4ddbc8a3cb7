"""What the desk's operations give back to a front end: plain frozen data, ready to show.

A lookup's (`LookupOutcome`, `Failure`) are defined here; a write's — its plan, refusal,
status and outcome — in write_outcomes.py, loaded with the first write, and named here too
(PEP 562): `verify` never defines them, and front ends import both kinds from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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

if TYPE_CHECKING:
    from .query_input import QueryRefused
    from .write_outcomes import (
        DONE,
        AcknowledgeOutcome,
        AcknowledgePlan,
        AcknowledgeStatus,
        ConsumeOutcome,
        ConsumePlan,
        ConsumeStatus,
        Refusal,
        RefusalReason,
        WriteOutcome,
        WritePlan,
        WriteStatus,
        write_category,
    )

# Defined here, and write_outcomes.py's, named here (module `__getattr__` below).
__all__ = [
    "DONE",
    "NO_KEY_SHOWN",
    "AcknowledgeOutcome",
    "AcknowledgePlan",
    "AcknowledgeStatus",
    "ConsumeOutcome",
    "ConsumePlan",
    "ConsumeStatus",
    "Failure",
    "LookupOutcome",
    "Refusal",
    "RefusalReason",
    "WriteOutcome",
    "WritePlan",
    "WriteStatus",
    "write_category",
]

_DEFINED_HERE = frozenset({"NO_KEY_SHOWN", "Failure", "LookupOutcome"})
_WRITE_SIDE = frozenset(__all__) - _DEFINED_HERE
"""The names `__getattr__` takes from write_outcomes.py: the rest of `__all__`."""


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


NO_KEY_SHOWN = "<no key set>"
"""What a dry run made without a key shows in the `Authorization` header."""


def __getattr__(name: str) -> object:
    """A write's names, from write_outcomes.py on first use (PEP 562)."""
    if name in _WRITE_SIDE:
        from . import write_outcomes

        return getattr(write_outcomes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
