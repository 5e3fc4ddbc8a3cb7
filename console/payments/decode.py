"""A verified purchase in words for a person: every documented field, grouped for reading,
with the disagreements of API.md surfaced as anomalies rather than hidden.

`decode_purchase` never raises, whatever the field values: the console shows replies that
are broken in ways nobody predicted, and a crash would hide exactly what the operator needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum
from typing import Final

from console.payments.anomalies import (
    Anomaly,
    AnomalyCode,
    TimeReadings,
    find_anomalies,
    is_plausible_amount,
    shown,
)
from console.payments.models import Purchase
from console.payments.numbers import long_digit_run, number_text
from console.payments.order_ids import order_id_time
from console.payments.payload import PayloadFields, decode_payload
from console.payments.regions import region_name
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
from console.payments.timestamps import (
    NOT_A_DATE,
    DecodedTime,
    decode_epoch,
    printable,
    read_pay_time,
    unreadable_time,
)
from console.payments.wire import PURCHASE_KIND

__all__ = [
    "Anomaly",
    "AnomalyCode",
    "DecodedField",
    "DecodedPurchase",
    "DecodedTime",
    "FieldGroup",
    "Tone",
    "decode_purchase",
]

NOT_IN_REPLY: Final = "(not in the reply)"
PAYLOAD_FIELD_PREFIX: Final = "developerPayload."
"""A payload field's `wire_name`: `developerPayload.uid`."""
ORDER_TIME_FIELD: Final = "orderId.time"


class Tone(StrEnum):
    """How a value reads: front ends colour by it."""

    GOOD = "good"
    BAD = "bad"
    WARN = "warn"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class DecodedField:
    wire_name: str
    label: str
    text: str
    """The value in words."""
    raw: object
    """The value as it came (None when the reply lacks the field)."""
    tone: Tone


@dataclass(frozen=True)
class FieldGroup:
    title: str
    fields: tuple[DecodedField, ...]


@dataclass(frozen=True)
class DecodedPurchase:
    purchase: Purchase
    payment_state: str
    """"1 · Paid", "0 · Unpaid", "2 · Failed", "7 · Unknown state"."""
    consumption: str
    """"0 · Not consumed", "1 · Consumed"."""
    is_paid: bool
    is_consumed: bool
    is_failed: bool
    is_unpaid: bool
    is_test_order: bool
    purchase_time: DecodedTime | None
    amount: str | None
    """"25.15 USD"."""
    region: str | None
    """"US · United States"."""
    pay_time: str | None
    """"2024-10-30 06:08:01 (time zone not stated)"."""
    groups: tuple[FieldGroup, ...]
    anomalies: tuple[Anomaly, ...]
    extra: Mapping[str, object]
    payload: PayloadFields | None = None
    """`developerPayload` read as fields (JSON, a query string, key=value pairs), if it is."""

    @property
    def headline(self) -> str:
        """One line for a list or a ticket: "Paid · Not consumed · 25.15 USD · TEST ORDER"."""
        payment = _payment_word(self.purchase.purchase_state)
        if self.has(AnomalyCode.STATE_MISMATCH):
            payment += f" (payStatusTxt says {shown(self.purchase.pay_status_txt)})"
        parts = [payment, _consumption_word(self.purchase.consumption_state)]
        if self.amount:
            parts.append(self.amount)
        if self.is_test_order:
            parts.append("TEST ORDER")
        return " · ".join(parts)

    def has(self, code: str) -> bool:
        """True when an anomaly with this code was found."""
        return any(anomaly.code == code for anomaly in self.anomalies)

    def find_field(self, wire_name: str) -> DecodedField | None:
        """The decoded field of that wire name, documented or extra."""
        for group in self.groups:
            for decoded in group.fields:
                if decoded.wire_name == wire_name:
                    return decoded
        return None


# --- small readers, all total ------------------------------------------------------------


def _raw_json(value: object) -> str:
    """The value as JSON text, for fields we do not know; a readable stand-in if it is not JSON."""
    try:
        return printable(json.dumps(value, ensure_ascii=False, sort_keys=True))
    except (TypeError, ValueError, RecursionError, OverflowError):
        return shown(value)


def _text_of(value: object) -> str:
    if value is None:
        return NOT_IN_REPLY
    if isinstance(value, str):
        return printable(value) if value else "(empty)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return _raw_json(value)


def _payment_word(value: object) -> str:
    state = exact_int(value)
    if state is None or state not in PAYMENT_STATE_WORDS:
        return "Unknown state"
    return PAYMENT_STATE_WORDS[state]


def _consumption_word(value: object) -> str:
    state = exact_int(value)
    if state is None or state not in CONSUMPTION_WORDS:
        return "Unknown consumption state"
    return CONSUMPTION_WORDS[state]


def _numbered(value: object, word: str) -> str:
    # "1 · Paid": the number as sent beside the word, so nobody has to trust our reading;
    # "an unreadable 22-digit number · Unknown state" when it cannot be read. Anything but
    # a number is shown as JSON, so a string "1" never reads like the state 1.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{number_text(value)} · {word}"
    return f"{_raw_json(value)} · {word}"


def _decode_time(value: object, zone: tzinfo | None) -> DecodedTime | None:
    if value is None:
        return None
    if isinstance(value, str):
        return decode_epoch(value, zone)
    number = exact_int(value)
    if number is not None and 0 <= number < 10**20:
        # A JSON number where the documentation promises a string: still a readable time.
        return decode_epoch(str(number), zone)
    return unreadable_time(shown(value), "it is not a number of seconds or milliseconds")


def _amount_text(value: object) -> str:
    if isinstance(value, str) and not is_plausible_amount(value):
        return f"{long_digit_run(value) or printable(value.strip())} (implausibly large)"
    return _text_of(value)


def _amount(purchase: Purchase) -> str | None:
    if purchase.order_amount is None:
        return None
    amount = _amount_text(purchase.order_amount)
    currency = purchase.currency
    if isinstance(currency, str) and currency.strip():
        return f"{amount} {printable(currency.strip())}"
    return f"{amount} (currency not stated)"


def _region(code: object) -> str | None:
    if code is None:
        return None
    if isinstance(code, str) and (name := region_name(code)) is not None:
        return f"{code.strip().upper()} · {name}"
    return f"{_text_of(code)} · unknown region code"


def _pay_time(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return read_pay_time(value).text
    return f"{_text_of(value)} {NOT_A_DATE}"


# --- the groups --------------------------------------------------------------------------


def _field(
    wire_name: str, label: str, raw: object, tone: Tone = Tone.NEUTRAL, text: str | None = None
) -> DecodedField:
    if raw is None:
        return DecodedField(wire_name, label, NOT_IN_REPLY, None, Tone.NEUTRAL)
    return DecodedField(wire_name, label, _text_of(raw) if text is None else text, raw, tone)


def _status_group(purchase: Purchase, found: set[str]) -> FieldGroup:
    state = exact_int(purchase.purchase_state)
    consumption = exact_int(purchase.consumption_state)
    state_tone = {PAID: Tone.GOOD, UNPAID: Tone.BAD, FAILED: Tone.BAD}.get(
        state if state is not None else -1, Tone.WARN
    )
    if consumption == CONSUMED:
        consumption_tone = Tone.GOOD if state == PAID else Tone.WARN
    elif consumption == NOT_CONSUMED:
        consumption_tone = Tone.WARN if state == PAID else Tone.NEUTRAL
    else:
        consumption_tone = Tone.WARN
    return FieldGroup(
        "Status",
        (
            _field(
                "purchaseState",
                "Payment state",
                purchase.purchase_state,
                state_tone,
                _numbered(purchase.purchase_state, _payment_word(purchase.purchase_state)),
            ),
            _field(
                "consumptionState",
                "Consumption",
                purchase.consumption_state,
                consumption_tone,
                _numbered(
                    purchase.consumption_state, _consumption_word(purchase.consumption_state)
                ),
            ),
            _pay_status_field(purchase, found),
            _test_order_field(purchase.is_test_order),
            _kind_field(purchase.kind),
        ),
    )


def _pay_status_field(purchase: Purchase, found: set[str]) -> DecodedField:
    raw = purchase.pay_status_txt
    said = pay_status_state(raw)
    if AnomalyCode.STATE_MISMATCH in found:
        return _field(
            "payStatusTxt",
            "Payment status text",
            raw,
            Tone.WARN,
            f"{_text_of(raw)} (disagrees with purchaseState)",
        )
    tone = {PAID: Tone.GOOD, UNPAID: Tone.BAD, FAILED: Tone.BAD}.get(
        said if said is not None else -1, Tone.WARN
    )
    return _field("payStatusTxt", "Payment status text", raw, tone)


def _test_order_field(raw: object) -> DecodedField:
    label = "Test order"
    if raw is True:
        return _field("isTestOrder", label, raw, Tone.WARN, "Yes: a test order, no real money")
    if raw is False:
        return _field("isTestOrder", label, raw, Tone.NEUTRAL, "No: a real order")
    return _field("isTestOrder", label, raw, Tone.WARN, f"{_text_of(raw)} (not true or false)")


def _kind_field(raw: object) -> DecodedField:
    if raw == PURCHASE_KIND:
        return _field(
            "kind", "Kind", raw, Tone.NEUTRAL, f"{PURCHASE_KIND} (a one-time product purchase)"
        )
    return _field("kind", "Kind", raw, Tone.WARN, f"{_text_of(raw)} (expected {PURCHASE_KIND})")


def _money_group(purchase: Purchase, found: set[str]) -> FieldGroup:
    odd_amount = {AnomalyCode.AMOUNT_NOT_DECIMAL, AnomalyCode.AMOUNT_OUT_OF_RANGE} & found
    amount_tone = Tone.WARN if odd_amount else Tone.NEUTRAL
    region_tone = Tone.WARN if AnomalyCode.UNKNOWN_REGION in found else Tone.NEUTRAL
    return FieldGroup(
        "Money",
        (
            _field(
                "orderAmount",
                "Amount",
                purchase.order_amount,
                amount_tone,
                _amount_text(purchase.order_amount),
            ),
            _field("currency", "Currency", purchase.currency),
            _field(
                "regionCode",
                "Billing region",
                purchase.region_code,
                region_tone,
                _region(purchase.region_code),
            ),
        ),
    )


def _time_field(
    wire_name: str, label: str, decoded: DecodedTime | None, raw: object, mismatch: bool
) -> DecodedField:
    if decoded is None:
        return _field(wire_name, label, None)
    if not decoded.readable:
        return _field(wire_name, label, raw, Tone.WARN, decoded.text)
    text = f"{decoded.utc_text} · {decoded.local_text} local ({decoded.note})"
    return _field(wire_name, label, raw, Tone.WARN if mismatch else Tone.NEUTRAL, text)


def _time_group(purchase: Purchase, times: TimeReadings, found: set[str]) -> FieldGroup:
    mismatch = AnomalyCode.TIME_MISMATCH in found
    pay_time = _pay_time(purchase.pay_time_txt)
    pay_tone = (
        Tone.WARN if pay_time is not None and pay_time.endswith(NOT_A_DATE) else (Tone.NEUTRAL)
    )
    return FieldGroup(
        "Time",
        (
            _time_field(
                "purchaseTime",
                "Purchase time",
                times.purchase_time,
                purchase.purchase_time,
                mismatch,
            ),
            _time_field(
                "purchaseTimeMillis",
                "Purchase time in ms (deprecated)",
                times.purchase_time_millis,
                purchase.purchase_time_millis,
                mismatch,
            ),
            _field("payTimeTxt", "Payment time", purchase.pay_time_txt, pay_tone, pay_time),
            *_order_time_field(purchase, AnomalyCode.ORDER_TIME_FAR in found),
        ),
    )


def _order_time_field(purchase: Purchase, far: bool) -> tuple[DecodedField, ...]:
    """The time the order id carries, beside the purchase time (none for another shape)."""
    order_id = purchase.order_id
    created = order_id_time(order_id) if isinstance(order_id, str) else None
    if created is None:
        return ()
    return (
        DecodedField(
            ORDER_TIME_FIELD,
            "Order created (from the order id)",
            f"{created:%Y-%m-%d %H:%M:%S} UTC (as written in the order id)",
            order_id,
            Tone.WARN if far else Tone.NEUTRAL,
        ),
    )


def _product_group(purchase: Purchase, found: set[str]) -> FieldGroup:
    ids_tone = Tone.WARN if AnomalyCode.GOODS_ID_MISMATCH in found else Tone.NEUTRAL
    return FieldGroup(
        "Product",
        (
            _field("productId", "Product id", purchase.product_id, ids_tone),
            _field(
                "sellerGoodsId",
                "Seller goods id (old name of productId)",
                purchase.seller_goods_id,
                ids_tone,
            ),
            _field("packageName", "Package name", purchase.package_name),
            _field("appId", "App id (the payment id)", purchase.app_id),
        ),
    )


def _identifiers_group(purchase: Purchase, payload: PayloadFields | None) -> FieldGroup:
    fields = [
        _field("orderId", "Order id (quote it to now.gg support)", purchase.order_id),
        _field("purchaseToken", "Purchase token", purchase.purchase_token),
        _field(
            "developerPayload",
            "Developer payload (set by the game)",
            purchase.developer_payload,
        ),
    ]
    # The game's own ids, one field each: what the ticket quotes is a user id, not a string.
    if payload is not None:
        fields += [
            DecodedField(f"{PAYLOAD_FIELD_PREFIX}{name}", f"  · {name}", value, value, Tone.NEUTRAL)
            for name, value in payload.fields
        ]
    return FieldGroup("Identifiers", tuple(fields))


def _other_group(extra: Mapping[str, object]) -> FieldGroup | None:
    if not extra:
        return None
    fields = tuple(
        DecodedField(name, _text_of(name), _raw_json(value), value, Tone.NEUTRAL)
        for name, value in extra.items()
    )
    return FieldGroup("Other fields", fields)


# --- the whole purchase ------------------------------------------------------------------


def decode_purchase(purchase: Purchase, *, local_zone: tzinfo | None = None) -> DecodedPurchase:
    """`purchase` in words; `local_zone` None means the machine's own zone. Never raises."""
    times = TimeReadings(
        purchase_time=_decode_time(purchase.purchase_time, local_zone),
        purchase_time_millis=_decode_time(purchase.purchase_time_millis, local_zone),
    )
    anomalies = find_anomalies(purchase, times)
    found = {anomaly.code for anomaly in anomalies}
    payload = decode_payload(purchase.developer_payload)
    groups = [
        _status_group(purchase, found),
        _money_group(purchase, found),
        _time_group(purchase, times, found),
        _product_group(purchase, found),
        _identifiers_group(purchase, payload),
    ]
    other = _other_group(purchase.extra)
    if other is not None:
        groups.append(other)
    state = exact_int(purchase.purchase_state)
    consumption = exact_int(purchase.consumption_state)
    return DecodedPurchase(
        purchase=purchase,
        payment_state=_numbered(purchase.purchase_state, _payment_word(purchase.purchase_state)),
        consumption=_numbered(
            purchase.consumption_state, _consumption_word(purchase.consumption_state)
        ),
        is_paid=state == PAID,
        is_consumed=consumption == CONSUMED,
        is_failed=state == FAILED,
        is_unpaid=state == UNPAID,
        is_test_order=purchase.is_test_order is True,
        purchase_time=times.purchase_time,
        amount=_amount(purchase),
        region=_region(purchase.region_code),
        pay_time=_pay_time(purchase.pay_time_txt),
        groups=tuple(groups),
        anomalies=anomalies,
        extra=purchase.extra,
        payload=payload,
    )
