"""An anomaly's advice, made to agree with the guards of this lookup's consume.

Decoding (payments) knows the purchase, not where it was looked up: its "paid but not
consumed" advice says to consume. Beside a guard that refuses to (guards.py: a read-only
environment, a store whose purchases the game consumes on the client), that advice would
contradict the refusal on the same screen. The desk knows both, so it words the advice for the
case at hand; an unpaid or failed purchase gets no consume advice from decoding already.
"""

from __future__ import annotations

from dataclasses import replace

from console.payments import STORE_RULES, AnomalyCode, DecodedPurchase, Store
from console.settings.environments import Environment

_CHECK_FIRST = (
    "now.gg has the money but the game never consumed this purchase, so the item may not have "
    "been delivered. Check the game server for this orderId: if the item was not granted, "
    "grant it."
)


def agree_with_guards(
    decoded: DecodedPurchase, store: Store, environment: Environment
) -> DecodedPurchase:
    """`decoded` with each anomaly's advice worded so it never asks for a consume the
    guards refuse here."""
    rule = STORE_RULES[store]
    if rule.server_consume and not environment.read_only:
        return decoded
    if not rule.server_consume:
        instead = (
            f" {rule.label} purchases are consumed by the game on the device, not with this "
            "console: ask the game team to consume it in the client once it is granted."
        )
    else:
        instead = (
            f" {environment.name} is read-only here: consuming is for an environment that "
            "allows it, or for whoever runs the game's server."
        )
    anomalies = tuple(
        replace(anomaly, meaning=_CHECK_FIRST + instead)
        if anomaly.code == AnomalyCode.PAID_NOT_CONSUMED
        else anomaly
        for anomaly in decoded.anomalies
    )
    return replace(decoded, anomalies=anomalies)
