"""The guards an acknowledge must pass, in the order they apply — the consume's discipline
(guards.py), with the subscription's own last guard:

1. environment — a read-only environment acknowledges nothing;
2. input       — the token and store fields must make a query;
3. history     — the write-ahead entry must be able to land (write_ahead.py);
4. lookup      — only a verified purchase is acknowledged;
5. state       — unpaid, failed, undocumented, contradictory (forceable);
6. deadline    — past purchase time + 3 days, or no purchase time to tell (forceable:
                 now.gg gives the final answer, 5004, and a deliberate operator may want it).

A fact not known yet stops the walk, as for the consume: the history's lock is taken and the
verify made only once every guard before it has passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from console.payments import AcknowledgeDeadline, InputRejected, Severity, Store
from console.settings.environments import Environment

from .guards import NOT_KNOWN_YET, NotKnownYet, Verdict
from .outcomes import LookupOutcome, Refusal, RefusalReason
from .write_ahead import WriteAheadProblem

OPERATION: Final = "acknowledge"


@dataclass(frozen=True)
class AcknowledgeFacts:
    environment: Environment
    store: Store | InputRejected
    history: WriteAheadProblem | NotKnownYet | None = NOT_KNOWN_YET
    purchase: LookupOutcome | NotKnownYet | None = NOT_KNOWN_YET
    deadline: AcknowledgeDeadline | NotKnownYet | None = NOT_KNOWN_YET
    """None: the purchase has no readable purchase time."""
    verified_afresh: bool = True


Guard = Callable[[AcknowledgeFacts], Refusal | NotKnownYet | None]


def judge(facts: AcknowledgeFacts, *, force: bool = False) -> Verdict:
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


def environment_guard(facts: AcknowledgeFacts) -> Refusal | None:
    if facts.environment.read_only:
        return Refusal(
            RefusalReason.READ_ONLY,
            f"environment {facts.environment.name!r} is read-only: lookups only, no "
            "acknowledge. Switch to an environment that allows writes, or change its "
            "read_only setting.",
            forceable=False,
        )
    return None


def input_guard(facts: AcknowledgeFacts) -> Refusal | None:
    if isinstance(facts.store, InputRejected):
        return Refusal(RefusalReason.INVALID_INPUT, facts.store.reason, forceable=False)
    return None


def history_guard(facts: AcknowledgeFacts) -> Refusal | NotKnownYet | None:
    if isinstance(facts.history, NotKnownYet):
        return NOT_KNOWN_YET
    return facts.history.refusal(OPERATION) if facts.history is not None else None


def lookup_guard(facts: AcknowledgeFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is not None and purchase.decoded is not None:
        return None
    if purchase is None or not facts.verified_afresh:
        return Refusal(
            RefusalReason.LOOKUP_FAILED,
            "look the purchase up first: only a verified purchase is acknowledged",
            forceable=False,
        )
    reason = purchase.failure.reason if purchase.failure else "the purchase could not be verified"
    return Refusal(
        RefusalReason.LOOKUP_FAILED,
        f"verifying first failed, so nothing was acknowledged: {reason}",
        forceable=False,
    )


def state_guard(facts: AcknowledgeFacts) -> Refusal | NotKnownYet | None:
    purchase = facts.purchase
    if isinstance(purchase, NotKnownYet):
        return NOT_KNOWN_YET
    if purchase is None or purchase.decoded is None:
        return None  # the lookup guard refused already
    decoded = purchase.decoded
    if decoded.is_failed:
        return Refusal(
            RefusalReason.FAILED,
            "the payment failed (purchaseState 2): there is no subscription to acknowledge.",
            forceable=True,
        )
    if decoded.is_unpaid:
        return Refusal(
            RefusalReason.UNPAID,
            "the purchase is not paid (purchaseState 0): acknowledge it only once it is paid.",
            forceable=True,
        )
    if not decoded.is_paid:
        return Refusal(
            RefusalReason.UNKNOWN_STATE,
            f"purchaseState {decoded.purchase.purchase_state} is not a documented state: "
            "nobody can say whether it is paid.",
            forceable=True,
        )
    dangers = [a.title for a in decoded.anomalies if a.severity is Severity.DANGER]
    if dangers:
        return Refusal(
            RefusalReason.CONTRADICTORY,
            "the reply contradicts itself: "
            + "; ".join(dangers)
            + ". Find out which field is right before acknowledging.",
            forceable=True,
        )
    return None


def deadline_guard(facts: AcknowledgeFacts) -> Refusal | NotKnownYet | None:
    deadline = facts.deadline
    if isinstance(deadline, NotKnownYet):
        return NOT_KNOWN_YET
    if isinstance(facts.purchase, NotKnownYet) or facts.purchase is None:
        return None
    if facts.purchase.decoded is None:
        return None
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
    history_guard,
    lookup_guard,
    state_guard,
    deadline_guard,
)
"""The order, the one place it is written."""
