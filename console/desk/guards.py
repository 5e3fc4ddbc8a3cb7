"""The guards a consume must pass, written once, in the order they apply (DESIGN.md: check →
act → verify). The consume itself (consume.py) and the form's verdict on the purchase already
on screen (preview.py) both walk this list:

1. environment — a read-only environment consumes nothing;
2. input       — the token and store fields must make a query;
3. store       — a client-side store's purchases are consumed on the game client;
4. history     — the consume's write-ahead entry must be able to land (write_ahead.py);
5. lookup      — only a verified purchase can be consumed;
6. state       — unpaid, failed, already consumed, undocumented, contradictory: the only
                 guards `force` may override.

Each guard reads what is known so far (`ConsumeFacts`). A fact not known yet stops the walk
at its guard: the consume learns the next fact (takes the history's lock, verifies) only once
every guard before it has passed, so a refusal early on sends nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from console.payments import STORE_RULES, DecodedPurchase, InputRejected, Severity, Store
from console.settings.environments import Environment

from .outcomes import LookupOutcome, Refusal, RefusalReason
from .write_ahead import WriteAheadProblem


class NotKnownYet:
    """A fact the consume has not found out yet (it needs I/O: the history, a verify)."""

    def __repr__(self) -> str:
        return "NOT_KNOWN_YET"


NOT_KNOWN_YET: Final = NotKnownYet()


@dataclass(frozen=True)
class ConsumeFacts:
    """What is known about a consume at one point."""

    environment: Environment
    store: Store | InputRejected
    """The query's store, or why the input made no query (or named no store)."""
    history: WriteAheadProblem | NotKnownYet | None = NOT_KNOWN_YET
    """Why the write-ahead entry cannot land; None when it can."""
    purchase: LookupOutcome | NotKnownYet | None = NOT_KNOWN_YET
    """The lookup the consume rests on; None when there is none."""
    verified_afresh: bool = True
    """`purchase` is a verify made for this consume (else: the lookup on screen)."""


@dataclass(frozen=True)
class Verdict:
    refusal: Refusal | None
    """The first guard that refused; None when none did (so far)."""
    overridden: Refusal | None = None
    """A state guard `force` overrode."""
    complete: bool = True
    """False when the walk stopped at a fact not known yet: the guards after it are to come."""


Guard = Callable[[ConsumeFacts], Refusal | NotKnownYet | None]


def judge(facts: ConsumeFacts, *, force: bool = False) -> Verdict:
    """Walk `GUARDS` in order: the first refusal, or how far the known facts allow."""
    overridden: Refusal | None = None
    for guard in GUARDS:
        found = guard(facts)
        if isinstance(found, NotKnownYet):
            return Verdict(None, overridden, complete=False)
        if found is None:
            continue
        if force and found.forceable:
            overridden = found
            continue
        return Verdict(found, overridden)
    return Verdict(None, overridden)


def environment_guard(facts: ConsumeFacts) -> Refusal | None:
    environment = facts.environment
    if environment.read_only:
        return Refusal(
            RefusalReason.READ_ONLY,
            f"environment {environment.name!r} is read-only: lookups only, no consume. "
            "Switch to an environment that allows consuming, or change its read_only setting.",
            forceable=False,
        )
    return None


def input_guard(facts: ConsumeFacts) -> Refusal | None:
    if isinstance(facts.store, InputRejected):
        return Refusal(RefusalReason.INVALID_INPUT, facts.store.reason, forceable=False)
    return None


def store_guard(facts: ConsumeFacts) -> Refusal | None:
    if isinstance(facts.store, InputRejected):
        return None  # said by the input guard already
    rule = STORE_RULES[facts.store]
    if rule.server_consume:
        return None
    return Refusal(
        RefusalReason.CLIENT_SIDE_STORE,
        f"{rule.label} purchases are consumed on the game client; consumePurchase does not "
        "support them. Nothing was sent. Ask the game team to consume it in the client.",
        forceable=False,
    )


def history_guard(facts: ConsumeFacts) -> Refusal | NotKnownYet | None:
    if isinstance(facts.history, NotKnownYet):
        return NOT_KNOWN_YET
    if facts.history is not None:
        return facts.history.refusal("consume")
    return None


def lookup_guard(facts: ConsumeFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is not None and purchase.decoded is not None:
        return None
    if purchase is None or not facts.verified_afresh:
        return Refusal(
            RefusalReason.LOOKUP_FAILED,
            "look the purchase up first: only a verified purchase can be consumed",
            forceable=False,
        )
    reason = purchase.failure.reason if purchase.failure else "the purchase could not be verified"
    return Refusal(
        RefusalReason.LOOKUP_FAILED,
        f"verifying first failed, so nothing was consumed: {reason}",
        forceable=False,
    )


def state_guard(facts: ConsumeFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is None or purchase.decoded is None:
        return None  # the lookup guard refused already
    return purchase_state_refusal(purchase.decoded)


def purchase_state_refusal(decoded: DecodedPurchase) -> Refusal | None:
    """Refuse what must not be consumed; these are the only refusals `force` may override."""
    purchase = decoded.purchase
    if decoded.is_failed:
        return Refusal(
            RefusalReason.FAILED,
            "the payment failed (purchaseState 2): do not grant the item and do not consume it.",
            forceable=True,
        )
    if decoded.is_unpaid:
        return Refusal(
            RefusalReason.UNPAID,
            "the purchase is not paid (purchaseState 0): do not grant the item and do not "
            "consume it.",
            forceable=True,
        )
    if not decoded.is_paid:
        return Refusal(
            RefusalReason.UNKNOWN_STATE,
            f"purchaseState {purchase.purchase_state} is not a documented state: "
            "nobody can say whether it is paid.",
            forceable=True,
        )
    if decoded.is_consumed:
        return Refusal(
            RefusalReason.ALREADY_CONSUMED,
            "the purchase is already consumed: consuming again would fail (3800) and the item "
            "was presumably granted. Check the game's records instead.",
            forceable=True,
        )
    if purchase.consumption_state != 0:
        return Refusal(
            RefusalReason.UNKNOWN_STATE,
            f"consumptionState {purchase.consumption_state} is not a documented state.",
            forceable=True,
        )
    # A reply that contradicts itself where money is concerned (purchaseState 1 but
    # payStatusTxt "Unpaid") must not be consumed on the strength of one of its fields.
    dangers = [anomaly for anomaly in decoded.anomalies if anomaly.severity is Severity.DANGER]
    if dangers:
        return Refusal(
            RefusalReason.CONTRADICTORY,
            "the reply contradicts itself: "
            + "; ".join(anomaly.title for anomaly in dangers)
            + ". Find out which field is right before consuming.",
            forceable=True,
        )
    return None


GUARDS: Final[tuple[Guard, ...]] = (
    environment_guard,
    input_guard,
    store_guard,
    history_guard,
    lookup_guard,
    state_guard,
)
"""The order, the one place it is written."""
