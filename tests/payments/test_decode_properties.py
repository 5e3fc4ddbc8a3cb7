"""No reply, however broken, makes decoding fail: the operator must always see something."""

from __future__ import annotations

import json
from datetime import UTC, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from console.cli.json_purchase import purchase_json
from console.payments.decode import AnomalyCode, decode_purchase
from console.payments.models import PURCHASE_WIRE_NAMES, Purchase
from console.payments.severity import Severity
from console.payments.timestamps import MILLISECONDS_THRESHOLD, decode_epoch, read_pay_time

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=10,
)
# Numbers no documented field holds: past 2**63, thousands of digits, infinities.
out_of_range = st.one_of(
    st.integers(min_value=10**21, max_value=10**4299),
    st.integers(min_value=-(10**4299), max_value=-(10**21)),
    st.sampled_from([2**63, -(2**70), float("inf"), float("-inf"), float("nan"), 1e308]),
    st.from_regex(r"-?[0-9]{21,200}(\.[0-9]{1,4})?", fullmatch=True),
)
# Anything a field might hold, with digit strings and date-like text well represented.
any_value = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.booleans(),
    st.floats(),
    out_of_range,
    st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{0,4})?", fullmatch=True),
    st.from_regex(r"[0-9]{4} ?[-/] ?[0-9]{1,4} ?[-/] ?[0-9]{1,6}[ :T]*[0-9:]{0,8}", fullmatch=True),
    json_values,
)
zones = st.one_of(
    st.none(),
    st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)
purchases = st.builds(
    Purchase,
    **{name: any_value for name in PURCHASE_WIRE_NAMES},
    extra=st.dictionaries(st.text(), json_values, max_size=5),
)
_RANK = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


@given(purchases, zones)
def test_decoding_never_fails_and_shows_every_field(purchase: Purchase, zone: object) -> None:
    decoded = decode_purchase(purchase, local_zone=zone)  # type: ignore[arg-type]
    names = {f.wire_name for group in decoded.groups for f in group.fields}
    assert set(PURCHASE_WIRE_NAMES.values()) <= names
    assert set(purchase.extra) <= names
    assert all(f.text for group in decoded.groups for f in group.fields)
    # A number in a documented field reads as words, never as a wall of digits (unknown
    # fields keep their values as they came).
    for group in decoded.groups[:-1] if purchase.extra else decoded.groups:
        for shown_field in group.fields:
            raw = shown_field.raw
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                assert len(shown_field.text) < 400, shown_field.text[:80]
    assert decoded.headline.isprintable()
    ranks = [_RANK[a.severity] for a in decoded.anomalies]
    assert ranks == sorted(ranks)
    assert decoded.headline
    json.dumps(purchase_json(decoded), allow_nan=True)


@given(any_value, any_value)
def test_states_are_never_guessed(state: object, consumption: object) -> None:
    purchase = Purchase(purchase_state=state, consumption_state=consumption)  # type: ignore[arg-type]
    decoded = decode_purchase(purchase)
    # Paid only for the int 1: a string "1" or True is not proof of payment.
    assert decoded.is_paid == (type(state) is int and state == 1)
    assert decoded.is_consumed == (type(consumption) is int and consumption == 1)
    # Anything else is said to be unknown, with the value as words a person can read.
    if not (type(state) is int and state in (0, 1, 2)):
        assert decoded.has(AnomalyCode.UNKNOWN_PURCHASE_STATE)
    if not (type(consumption) is int and consumption in (0, 1)):
        assert decoded.has(AnomalyCode.UNKNOWN_CONSUMPTION_STATE)
    for text in (decoded.payment_state, decoded.consumption):
        assert text.isprintable()
        if not isinstance(state, str) and not isinstance(consumption, str):
            assert len(text) < 400, text[:80]


@given(out_of_range)
def test_an_out_of_range_time_or_amount_is_unreadable_not_a_crash(value: object) -> None:
    text = value if isinstance(value, str) else None
    purchase = Purchase(
        purchase_state=1,
        consumption_state=0,
        purchase_time=value,  # type: ignore[arg-type]
        order_amount=text,
        currency="USD",
    )
    decoded = decode_purchase(purchase, local_zone=UTC)
    assert decoded.purchase_time is not None and not decoded.purchase_time.readable
    assert decoded.has(AnomalyCode.TIME_UNREADABLE)
    assert len(decoded.purchase_time.text) < 200
    if text is not None:
        assert decoded.has(AnomalyCode.AMOUNT_OUT_OF_RANGE)
        assert decoded.amount is not None and len(decoded.amount) < 200


@given(st.integers(min_value=0, max_value=253_402_300_799_999))
def test_the_unit_follows_the_magnitude(number: int) -> None:
    decoded = decode_epoch(str(number), UTC)
    expected = "milliseconds" if number >= MILLISECONDS_THRESHOLD else "seconds"
    assert decoded.unit == expected
    assert decoded.note.startswith(f"assumed {expected} since the epoch")


@given(st.text())
def test_any_pay_time_text_gives_words(raw: str) -> None:
    text = read_pay_time(raw).text
    assert text and "\x1b" not in text
