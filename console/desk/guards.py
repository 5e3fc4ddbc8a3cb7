"""The guards a consume must pass, in the order they are applied (DESIGN.md: check → act →
verify). Guards that need no request come first, so a refusal there sends nothing."""

from __future__ import annotations

from console.payments.decode import DecodedPurchase
from console.payments.severity import Severity
from console.payments.stores import STORE_RULES, Store
from console.settings.environments import Environment

from .outcomes import Refusal, RefusalReason


def environment_guard(environment: Environment) -> Refusal | None:
    if environment.read_only:
        return Refusal(
            RefusalReason.READ_ONLY,
            f"environment {environment.name!r} is read-only: lookups only, no consume. "
            "Switch to an environment that allows consuming, or change its read_only setting.",
            forceable=False,
        )
    return None


def store_guard(store: Store) -> Refusal | None:
    rule = STORE_RULES[store]
    if rule.server_consume:
        return None
    return Refusal(
        RefusalReason.CLIENT_SIDE_STORE,
        f"{rule.label} purchases are consumed on the game client; consumePurchase does not "
        "support them. Nothing was sent. Ask the game team to consume it in the client.",
        forceable=False,
    )


def state_guard(decoded: DecodedPurchase) -> Refusal | None:
    """Refuse what must not be consumed; these are the only guards `force` may override."""
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
