"""The guards a write (consume, acknowledge) must pass, written once, in the order they apply
(DESIGN.md: check → act → verify). The writes themselves (consume.py, acknowledge.py) and the
form's verdict on the purchase already on screen (preview.py) all walk this list:

1. environment — a read-only environment writes nothing;
2. input       — the token and store fields must make a query;
3. store       — consume only: a client-side store's purchases are consumed on the client;
4. history     — the write-ahead entry must be able to land (write_ahead.py);
5. lookup      — only a verified purchase is written to;
6. state       — unpaid, failed, already consumed (consume), undocumented, contradictory;
7. deadline    — acknowledge only: past purchase time + 3 days, or no purchase time to tell.
State and deadline are the only guards `force` may override.

What applies to which operation is the operation's (write_operation.py). Each guard reads
what is known so far (`WriteFacts`). A fact not known yet stops the walk at its guard: the
write learns the next fact (takes the history's lock, verifies) only once every guard before
it has passed, so a refusal early on sends nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from console.payments import STORE_RULES, DecodedPurchase, InputRejected, Severity, Store
from console.settings.environments import Environment

from .outcomes import LookupOutcome, Refusal, RefusalReason
from .write_ahead import WriteAheadProblem
from .write_operation import CONSUME, WriteOperation

if TYPE_CHECKING:
    from console.payments import AcknowledgeDeadline


class NotKnownYet:
    """A fact the write has not found out yet (it needs I/O: the history, a verify)."""

    def __repr__(self) -> str:
        return "NOT_KNOWN_YET"


NOT_KNOWN_YET: Final = NotKnownYet()


@dataclass(frozen=True)
class WriteFacts:
    """What is known about a write at one point."""

    environment: Environment
    store: Store | InputRejected
    """The query's store, or why the input made no query (or named no store)."""
    history: WriteAheadProblem | NotKnownYet | None = NOT_KNOWN_YET
    """Why the write-ahead entry cannot land; None when it can."""
    purchase: LookupOutcome | NotKnownYet | None = NOT_KNOWN_YET
    """The lookup the write rests on; None when there is none."""
    verified_afresh: bool = True
    """`purchase` is a verify made for this write (else: the lookup on screen)."""
    operation: WriteOperation = CONSUME
    deadline: AcknowledgeDeadline | NotKnownYet | None = NOT_KNOWN_YET
    """For a deadline rule: None when the purchase has no readable purchase time."""


ConsumeFacts = WriteFacts
"""The facts of a consume (the default operation)."""


@dataclass(frozen=True)
class Verdict:
    refusal: Refusal | None
    """The first guard that refused; None when none did (so far)."""
    overridden: Refusal | None = None
    """A state guard `force` overrode."""
    complete: bool = True
    """False when the walk stopped at a fact not known yet: the guards after it are to come."""


Guard = Callable[[WriteFacts], Refusal | NotKnownYet | None]


def judge(facts: WriteFacts, *, force: bool = False) -> Verdict:
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


def environment_guard(facts: WriteFacts) -> Refusal | None:
    environment = facts.environment
    operation = facts.operation
    if environment.read_only:
        return Refusal(
            RefusalReason.READ_ONLY,
            f"environment {environment.name!r} is read-only: lookups only, no "
            f"{operation.name}. Switch to an environment that allows {operation.allowing}, "
            "or change its read_only setting.",
            forceable=False,
        )
    return None


def input_guard(facts: WriteFacts) -> Refusal | None:
    if isinstance(facts.store, InputRejected):
        return Refusal(RefusalReason.INVALID_INPUT, facts.store.reason, forceable=False)
    return None


def store_guard(facts: WriteFacts) -> Refusal | None:
    if not facts.operation.store_rule or isinstance(facts.store, InputRejected):
        return None  # not this operation's rule, or said by the input guard already
    rule = STORE_RULES[facts.store]
    if rule.server_consume:
        return None
    return Refusal(
        RefusalReason.CLIENT_SIDE_STORE,
        f"{rule.label} purchases are consumed on the game client; consumePurchase does not "
        "support them. Nothing was sent. Ask the game team to consume it in the client.",
        forceable=False,
    )


def history_guard(facts: WriteFacts) -> Refusal | NotKnownYet | None:
    if isinstance(facts.history, NotKnownYet):
        return NOT_KNOWN_YET
    if facts.history is not None:
        return facts.history.refusal(facts.operation.name)
    return None


def lookup_guard(facts: WriteFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is not None and purchase.decoded is not None:
        return None
    if purchase is None or not facts.verified_afresh:
        return Refusal(
            RefusalReason.LOOKUP_FAILED,
            f"look the purchase up first: {facts.operation.lookup_first}",
            forceable=False,
        )
    reason = purchase.failure.reason if purchase.failure else "the purchase could not be verified"
    return Refusal(
        RefusalReason.LOOKUP_FAILED,
        f"verifying first failed, so nothing was {facts.operation.done}: {reason}",
        forceable=False,
    )


def state_guard(facts: WriteFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is None or purchase.decoded is None:
        return None  # the lookup guard refused already
    return purchase_state_refusal(purchase.decoded, facts.operation)


def purchase_state_refusal(
    decoded: DecodedPurchase, operation: WriteOperation = CONSUME
) -> Refusal | None:
    """Refuse what must not be written to; with the deadline, the only refusals `force` may
    override."""
    purchase = decoded.purchase
    if decoded.is_failed:
        return Refusal(
            RefusalReason.FAILED,
            f"the payment failed (purchaseState 2): {operation.failed_words}",
            forceable=True,
        )
    if decoded.is_unpaid:
        return Refusal(
            RefusalReason.UNPAID,
            f"the purchase is not paid (purchaseState 0): {operation.unpaid_words}",
            forceable=True,
        )
    if not decoded.is_paid:
        return Refusal(
            RefusalReason.UNKNOWN_STATE,
            f"purchaseState {purchase.purchase_state} is not a documented state: "
            "nobody can say whether it is paid.",
            forceable=True,
        )
    if operation.refuses_consumed:
        consumed = _consumed_refusal(decoded)
        if consumed is not None:
            return consumed
    # A reply that contradicts itself where money is concerned (purchaseState 1 but
    # payStatusTxt "Unpaid") must not be written to on the strength of one of its fields.
    dangers = [anomaly for anomaly in decoded.anomalies if anomaly.severity is Severity.DANGER]
    if dangers:
        return Refusal(
            RefusalReason.CONTRADICTORY,
            "the reply contradicts itself: "
            + "; ".join(anomaly.title for anomaly in dangers)
            + f". Find out which field is right before {operation.doing}.",
            forceable=True,
        )
    return None


def _consumed_refusal(decoded: DecodedPurchase) -> Refusal | None:
    if decoded.is_consumed:
        return Refusal(
            RefusalReason.ALREADY_CONSUMED,
            "the purchase is already consumed: consuming again would fail (3800) and the item "
            "was presumably granted. Check the game's records instead.",
            forceable=True,
        )
    if decoded.purchase.consumption_state != 0:
        return Refusal(
            RefusalReason.UNKNOWN_STATE,
            f"consumptionState {decoded.purchase.consumption_state} is not a documented state.",
            forceable=True,
        )
    return None


def deadline_guard(facts: WriteFacts) -> Refusal | NotKnownYet | None:
    if not facts.operation.deadline_rule:
        return None
    deadline = facts.deadline
    if isinstance(deadline, NotKnownYet):
        return NOT_KNOWN_YET
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet) or purchase is None or purchase.decoded is None:
        return None  # the lookup guard refused already
    if deadline is None:
        return Refusal(
            RefusalReason.NO_PURCHASE_TIME,
            "the reply has no readable purchase time, so the 3-day deadline to acknowledge "
            "is not known.",
            forceable=True,
        )
    if deadline.passed:
        return Refusal(
            RefusalReason.PAST_DEADLINE,
            f"the 3-day deadline to acknowledge has passed ({deadline.text}). If it was never "
            "acknowledged, now.gg has cancelled and refunded it (an acknowledge now gets 5004 "
            "SUBSCRIPTION_INACTIVE): do not grant its benefits; the user can subscribe again. "
            "If it was acknowledged in time, there is nothing to do (5002).",
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
    deadline_guard,
)
"""The order, the one place it is written."""
