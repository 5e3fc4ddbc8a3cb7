"""What is odd about a purchase, said plainly, instead of hidden (API.md, "Known disagreements").

Each finding has a stable `code` (scripts, tests and exports rely on it), a one-line title, a
meaning that says what to do, and a severity. Checks read the raw values defensively: a reply
of the wrong shape yields findings, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Final

from console.payments.models import Purchase
from console.payments.numbers import MAX_AMOUNT_DIGITS, long_digit_run, number_text
from console.payments.order_ids import order_id_time
from console.payments.regions import region_name
from console.payments.severity import Severity
from console.payments.states import (
    CONSUMED,
    CONSUMPTION_WORDS,
    FAILED,
    NOT_CONSUMED,
    PAID,
    PAYMENT_STATE_WORDS,
    UNPAID,
    exact_int,
    pay_status_state,
)
from console.payments.timestamps import DecodedTime, printable
from console.payments.wire import PURCHASE_KIND


class AnomalyCode(StrEnum):
    STATE_MISMATCH = "state_mismatch"
    UNPAID_OR_FAILED = "unpaid_or_failed"
    UNKNOWN_PURCHASE_STATE = "unknown_purchase_state"
    PAID_NOT_CONSUMED = "paid_not_consumed"
    CONSUMED_NOT_PAID = "consumed_not_paid"
    UNKNOWN_CONSUMPTION_STATE = "unknown_consumption_state"
    GOODS_ID_MISMATCH = "goods_id_mismatch"
    TIME_MISMATCH = "time_mismatch"
    TIME_UNREADABLE = "time_unreadable"
    ORDER_TIME_FAR = "order_time_far"
    AMOUNT_NOT_DECIMAL = "amount_not_decimal"
    AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
    UNEXPECTED_KIND = "unexpected_kind"
    TEST_ORDER = "test_order"
    UNKNOWN_PAY_STATUS = "unknown_pay_status"
    UNKNOWN_REGION = "unknown_region"
    EXTRA_FIELDS = "extra_fields"


@dataclass(frozen=True)
class Anomaly:
    code: str
    """One of `AnomalyCode`: stable, for scripts and tests."""
    title: str
    meaning: str
    """What it means and what to do, in a sentence or two."""
    severity: Severity


# Two readings of the same purchase may differ by the milliseconds that a seconds value drops.
SAME_INSTANT_TOLERANCE: Final = timedelta(seconds=1)
# An order is created when the player starts paying; a payment takes minutes, not an hour.
ORDER_TIME_TOLERANCE: Final = timedelta(hours=1)
_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SEVERITY_ORDER: Final = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


def is_plain_amount(value: object) -> bool:
    """True for a decimal string such as "25.15" or "1200" (API.md: orderAmount)."""
    return isinstance(value, str) and _PLAIN_AMOUNT.fullmatch(value.strip()) is not None


def is_plausible_amount(value: str) -> bool:
    """False when the amount's whole part is a run of more digits than any price has
    (whatever else is wrong with it is `is_plain_amount`'s business)."""
    whole = value.strip().split(".", 1)[0].lstrip("+-")
    return not (whole.isascii() and whole.isdigit() and len(whole) > MAX_AMOUNT_DIGITS)


def shown(value: object) -> str:
    """A raw value as a person should see it in a sentence: strings quoted, escapes visible,
    numbers too large to read described rather than printed digit by digit."""
    if isinstance(value, str):
        described = long_digit_run(value)
        return described if described is not None else repr(printable(value))
    if value is None:
        return "missing"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    try:
        return printable(repr(value))
    except ValueError:  # holds an int too long to print
        return "(a value too large to show)"


@dataclass(frozen=True)
class TimeReadings:
    """The two epoch fields, already decoded (None when the reply lacks the field)."""

    purchase_time: DecodedTime | None
    purchase_time_millis: DecodedTime | None


Check = Callable[[Purchase, TimeReadings], "Anomaly | None"]


def _state_mismatch(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    state = exact_int(purchase.purchase_state)
    said = pay_status_state(purchase.pay_status_txt)
    if state is None or said is None or state == said:
        return None
    word = PAYMENT_STATE_WORDS.get(state, "unknown")
    return Anomaly(
        AnomalyCode.STATE_MISMATCH,
        "Payment state and status text disagree",
        f"purchaseState is {number_text(state)} ({word}) but payStatusTxt says "
        f"{shown(purchase.pay_status_txt)}. Do not grant or consume until now.gg support "
        "confirms whether it was paid (give them the orderId).",
        Severity.DANGER,
    )


def _unpaid_or_failed(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    state = exact_int(purchase.purchase_state)
    if state == UNPAID:
        return Anomaly(
            AnomalyCode.UNPAID_OR_FAILED,
            "Unpaid: do not grant the item",
            "now.gg has not received payment for this order (purchaseState 0). Do not grant "
            "the item or consume the purchase; if the user insists they paid, ask for the "
            "receipt and raise the orderId with now.gg support.",
            Severity.DANGER,
        )
    if state == FAILED:
        return Anomaly(
            AnomalyCode.UNPAID_OR_FAILED,
            "Payment failed: do not grant the item",
            "now.gg reports the payment failed (purchaseState 2). Do not grant the item or "
            "consume the purchase; the user can buy again.",
            Severity.DANGER,
        )
    return None


def _unknown_purchase_state(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    if exact_int(purchase.purchase_state) in PAYMENT_STATE_WORDS:
        return None
    return Anomaly(
        AnomalyCode.UNKNOWN_PURCHASE_STATE,
        "Unknown payment state",
        f"purchaseState is {shown(purchase.purchase_state)}, but only 0 (unpaid), 1 (paid) "
        "and 2 (failed) are documented. Treat it as not paid: do not grant or consume until "
        "now.gg support explains it.",
        Severity.DANGER,
    )


def _paid_not_consumed(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    paid = exact_int(purchase.purchase_state) == PAID
    if not paid or exact_int(purchase.consumption_state) != NOT_CONSUMED:
        return None
    return Anomaly(
        AnomalyCode.PAID_NOT_CONSUMED,
        "Paid but not consumed: the user may not have their item",
        "now.gg has the money but the game never consumed this purchase, so the item may "
        "not have been delivered. Check the game server for this orderId: if the item was "
        "not granted, grant it and then consume; if it was, consume only.",
        Severity.WARNING,
    )


def _consumed_not_paid(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    state = exact_int(purchase.purchase_state)
    if state not in (UNPAID, FAILED) or exact_int(purchase.consumption_state) != CONSUMED:
        return None
    return Anomaly(
        AnomalyCode.CONSUMED_NOT_PAID,
        "Consumed although not paid",
        "The purchase is marked consumed though now.gg says it was not paid: the game may "
        "have granted the item without payment. Tell the game team; grant nothing more.",
        Severity.WARNING,
    )


def _unknown_consumption_state(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    if exact_int(purchase.consumption_state) in CONSUMPTION_WORDS:
        return None
    return Anomaly(
        AnomalyCode.UNKNOWN_CONSUMPTION_STATE,
        "Unknown consumption state",
        f"consumptionState is {shown(purchase.consumption_state)}, but only 0 (not consumed) "
        "and 1 (consumed) are documented. Do not consume until you know whether the item "
        "was delivered.",
        Severity.WARNING,
    )


def _goods_id_mismatch(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    goods, product = purchase.seller_goods_id, purchase.product_id
    if goods is None or product is None or goods == product:
        return None
    return Anomaly(
        AnomalyCode.GOODS_ID_MISMATCH,
        "sellerGoodsId and productId differ",
        f"sellerGoodsId is {shown(goods)} but productId is {shown(product)}; they should "
        "name the same product. Check in nowStudio which product was bought before "
        "granting anything.",
        Severity.WARNING,
    )


def _time_mismatch(_: Purchase, times: TimeReadings) -> Anomaly | None:
    current, deprecated = times.purchase_time, times.purchase_time_millis
    if current is None or deprecated is None:
        return None
    if current.instant is None or deprecated.instant is None:
        return None
    if abs(current.instant - deprecated.instant) < SAME_INSTANT_TOLERANCE:
        return None
    return Anomaly(
        AnomalyCode.TIME_MISMATCH,
        "purchaseTime and purchaseTimeMillis disagree",
        f"purchaseTime is {current.text} but the deprecated purchaseTimeMillis is "
        f"{deprecated.text}. Trust purchaseTime, and mention the disagreement if you escalate.",
        Severity.WARNING,
    )


def _time_unreadable(_: Purchase, times: TimeReadings) -> Anomaly | None:
    current = times.purchase_time
    if current is None or current.readable:
        return None
    return Anomaly(
        AnomalyCode.TIME_UNREADABLE,
        "Purchase time cannot be read",
        f"purchaseTime is {shown(current.raw)}, not a number of seconds or milliseconds "
        "since the epoch, so when the purchase happened is unknown.",
        Severity.WARNING,
    )


def _order_time_far(purchase: Purchase, times: TimeReadings) -> Anomaly | None:
    """The order id's own timestamp (its creation) far from the purchase time: a token
    pasted with another order's id, a replayed purchase, or clocks in different zones."""
    created = order_id_time(purchase.order_id) if isinstance(purchase.order_id, str) else None
    paid = times.purchase_time
    if created is None or paid is None or paid.instant is None:
        return None
    apart = abs(paid.instant - created)
    if apart <= ORDER_TIME_TOLERANCE:
        return None
    hours = apart.total_seconds() / 3600
    zone_hint = (
        " A difference of whole hours may only be a time zone in the order id."
        if apart.total_seconds() % 3600 < 60 and hours < 15
        else ""
    )
    return Anomaly(
        AnomalyCode.ORDER_TIME_FAR,
        "The order id's time is far from the purchase time",
        f"The order id says the order was created {created:%Y-%m-%d %H:%M:%S} UTC, but "
        f"purchaseTime is {paid.utc_text}: {_duration(apart)} apart.{zone_hint} Check that the "
        "token and the order id belong to the same purchase before acting on either.",
        Severity.WARNING,
    )


def _duration(apart: timedelta) -> str:
    seconds = int(apart.total_seconds())
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{seconds // 60} minutes"


def _amount_not_decimal(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    amount = purchase.order_amount
    if amount is None or is_plain_amount(amount):
        return None
    return Anomaly(
        AnomalyCode.AMOUNT_NOT_DECIMAL,
        "Amount is not a plain decimal",
        f"orderAmount is {shown(amount)}, not a decimal such as '25.15'. Check the amount in "
        "nowStudio before refunding or compensating by value.",
        Severity.WARNING,
    )


def _amount_out_of_range(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    amount = purchase.order_amount
    if not isinstance(amount, str) or is_plausible_amount(amount):
        return None
    return Anomaly(
        AnomalyCode.AMOUNT_OUT_OF_RANGE,
        "Amount is implausibly large",
        f"orderAmount is {shown(amount)}, more than {MAX_AMOUNT_DIGITS} digits before the "
        "decimal point, beyond any real price. Do not refund or compensate by this value: "
        "check the amount in nowStudio.",
        Severity.WARNING,
    )


def _unexpected_kind(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    if purchase.kind is None or purchase.kind == PURCHASE_KIND:
        return None
    return Anomaly(
        AnomalyCode.UNEXPECTED_KIND,
        "Not a product purchase",
        f"kind is {shown(purchase.kind)}, not {PURCHASE_KIND!r}: this may be a subscription "
        "or not a now.gg verify reply at all. Read the other fields with care.",
        Severity.WARNING,
    )


def _test_order(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    if purchase.is_test_order is not True:
        return None
    return Anomaly(
        AnomalyCode.TEST_ORDER,
        "Test order: no real money",
        "isTestOrder is true: a tester bought this on a test track with test currency. "
        "Nothing was charged, so there is nothing to refund; a user reporting it as a real "
        "purchase needs a closer look.",
        Severity.INFO,
    )


def _unknown_pay_status(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    text = purchase.pay_status_txt
    if text is None or pay_status_state(text) is not None:
        return None
    return Anomaly(
        AnomalyCode.UNKNOWN_PAY_STATUS,
        "Unknown payment status text",
        f"payStatusTxt is {shown(text)}, neither 'Paid' nor 'Unpaid'; purchaseState decides.",
        Severity.INFO,
    )


def _unknown_region(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    code = purchase.region_code
    if code is None or region_name(code) is not None:
        return None
    return Anomaly(
        AnomalyCode.UNKNOWN_REGION,
        "Unknown region code",
        f"regionCode is {shown(code)}, which is not an ISO 3166-1 alpha-2 country code.",
        Severity.INFO,
    )


def _extra_fields(purchase: Purchase, _: TimeReadings) -> Anomaly | None:
    names = [printable(name) if isinstance(name, str) else shown(name) for name in purchase.extra]
    if not names:
        return None
    return Anomaly(
        AnomalyCode.EXTRA_FIELDS,
        "Fields the documentation does not name",
        f"The reply has {len(names)} undocumented field(s): {', '.join(sorted(names))}. "
        "They are kept and shown under Other fields.",
        Severity.INFO,
    )


# In reading order for equal severities: payment first, then delivery, then the rest.
CHECKS: Final[tuple[Check, ...]] = (
    _state_mismatch,
    _unpaid_or_failed,
    _unknown_purchase_state,
    _paid_not_consumed,
    _consumed_not_paid,
    _unknown_consumption_state,
    _goods_id_mismatch,
    _time_mismatch,
    _time_unreadable,
    _order_time_far,
    _amount_not_decimal,
    _amount_out_of_range,
    _unexpected_kind,
    _test_order,
    _unknown_pay_status,
    _unknown_region,
    _extra_fields,
)


def find_anomalies(purchase: Purchase, times: TimeReadings) -> tuple[Anomaly, ...]:
    """Every finding about `purchase`, danger first; never raises for any field values."""
    found = [anomaly for check in CHECKS if (anomaly := check(purchase, times)) is not None]
    return tuple(sorted(found, key=lambda anomaly: _SEVERITY_ORDER[anomaly.severity]))
