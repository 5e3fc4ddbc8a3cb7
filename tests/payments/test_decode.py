"""What a support agent reads about a purchase: states, money, times, ids, and what is odd."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from console.cli.json_purchase import purchase_json
from console.payments.decode import (
    AnomalyCode,
    DecodedField,
    DecodedPurchase,
    Tone,
    decode_purchase,
)
from console.payments.models import PURCHASE_WIRE_NAMES, Purchase
from console.payments.severity import Severity

SEOUL = timezone(timedelta(hours=9), "KST")

# `data` of the verify reply sample in seed page 003, field for field.
SAMPLE_003 = Purchase(
    purchase_time_millis="1630529397125",
    purchase_time="1630529397125",
    purchase_state=0,
    consumption_state=0,
    developer_payload="<developer_payload>",
    order_id="<orderId_here>",
    app_id="3",
    kind="nowgg#productPurchase",
    region_code="US",
    currency="USD",
    package_name="<package_name>",
    pay_status_txt="Paid",
    order_amount="25.15",
    is_test_order=False,
    pay_time_txt="2024 - 10 - 3006: 08: 01",
    seller_goods_id="11223343",
    purchase_token="241028222221SGP61717",
    product_id="11223343",
)

# A purchase with nothing odd about it: paid, delivered, consistent.
CLEAN = replace(
    SAMPLE_003,
    purchase_state=1,
    consumption_state=1,
    pay_status_txt="Paid",
    order_id="GPA.1-2022052708285322094340093",
)


def decode(purchase: Purchase) -> DecodedPurchase:
    return decode_purchase(purchase, local_zone=SEOUL)


def field(decoded: DecodedPurchase, wire_name: str) -> DecodedField:
    found = decoded.find_field(wire_name)
    assert found is not None, wire_name
    return found


def codes(purchase: Purchase) -> set[str]:
    return {anomaly.code for anomaly in decode(purchase).anomalies}


# --- the 003 sample ---------------------------------------------------------------------


def test_the_003_sample_is_flagged_unpaid_although_its_text_says_paid() -> None:
    decoded = decode(SAMPLE_003)
    assert decoded.payment_state == "0 · Unpaid"
    assert decoded.consumption == "0 · Not consumed"
    assert decoded.is_unpaid and not decoded.is_paid
    first = decoded.anomalies[0]
    assert first.severity is Severity.DANGER
    assert AnomalyCode.STATE_MISMATCH in codes(SAMPLE_003)
    mismatch = next(a for a in decoded.anomalies if a.code == AnomalyCode.STATE_MISMATCH)
    assert "Paid" in mismatch.meaning and "purchaseState is 0" in mismatch.meaning
    assert "'Paid'" in decoded.headline and decoded.headline.startswith("Unpaid")


def test_the_003_sample_times_are_read_as_milliseconds_and_say_so() -> None:
    decoded = decode(SAMPLE_003)
    time = decoded.purchase_time
    assert time is not None
    assert time.unit == "milliseconds"
    assert time.instant == datetime(2021, 9, 1, 20, 49, 57, 125000, tzinfo=UTC)
    assert time.utc_text == "2021-09-01 20:49:57 UTC"
    assert time.local_text == "2021-09-02 05:49:57 KST (UTC+09:00)"
    assert time.text == "2021-09-01 20:49:57 UTC (assumed milliseconds since the epoch)"


def test_the_garbled_pay_time_of_the_003_sample_is_read_and_its_zone_not_guessed() -> None:
    pay_time = decode(SAMPLE_003).pay_time
    assert pay_time is not None
    assert pay_time.startswith("2024-10-30 06:08:01 (time zone not stated")
    assert "2024 - 10 - 3006: 08: 01" in pay_time  # what was sent stays visible


def test_the_003_sample_money_and_region_read_as_words() -> None:
    decoded = decode(SAMPLE_003)
    assert decoded.amount == "25.15 USD"
    assert decoded.region == "US · United States"
    assert not decoded.is_test_order


# --- fields -----------------------------------------------------------------------------


def test_every_documented_field_appears_in_words_with_a_label() -> None:
    decoded = decode(SAMPLE_003)
    shown = {f.wire_name: f for group in decoded.groups for f in group.fields}
    assert set(PURCHASE_WIRE_NAMES.values()) <= set(shown)
    for name in PURCHASE_WIRE_NAMES.values():
        assert shown[name].label and shown[name].text
    assert "deprecated" in shown["purchaseTimeMillis"].label
    assert shown["purchaseToken"].text == "241028222221SGP61717"
    assert [g.title for g in decoded.groups] == [
        "Status",
        "Money",
        "Time",
        "Product",
        "Identifiers",
    ]


def test_a_field_missing_from_the_reply_says_so() -> None:
    decoded = decode(Purchase(purchase_state=1, consumption_state=0))
    order_id = field(decoded, "orderId")
    assert order_id.text == "(not in the reply)" and order_id.raw is None
    assert decoded.amount is None and decoded.purchase_time is None


def test_tones_colour_the_states() -> None:
    paid = decode(CLEAN)
    unpaid = decode(SAMPLE_003)
    assert field(paid, "purchaseState").tone is Tone.GOOD
    assert field(paid, "consumptionState").tone is Tone.GOOD
    assert field(unpaid, "purchaseState").tone is Tone.BAD
    assert field(unpaid, "payStatusTxt").tone is Tone.WARN
    assert field(decode(replace(CLEAN, consumption_state=0)), "consumptionState").tone is Tone.WARN


def test_a_ten_digit_purchase_time_is_read_as_seconds() -> None:
    decoded = decode(replace(CLEAN, purchase_time="1630529397", purchase_time_millis=None))
    time = decoded.purchase_time
    assert time is not None and time.unit == "seconds"
    assert time.utc_text == "2021-09-01 20:49:57 UTC"
    assert "assumed seconds" in time.note


def test_an_unreadable_purchase_time_shows_the_raw_value_and_a_note() -> None:
    decoded = decode(replace(CLEAN, purchase_time="yesterday"))
    time = decoded.purchase_time
    assert time is not None and time.instant is None
    assert time.utc_text == "yesterday" and "could not be read" in time.note
    assert AnomalyCode.TIME_UNREADABLE in codes(replace(CLEAN, purchase_time="yesterday"))


def test_unknown_states_show_the_number_sent() -> None:
    decoded = decode(replace(CLEAN, purchase_state=7, consumption_state=4))
    assert decoded.payment_state == "7 · Unknown state"
    assert decoded.consumption == "4 · Unknown consumption state"
    assert not (decoded.is_paid or decoded.is_unpaid or decoded.is_failed)


def test_numbers_too_large_to_read_are_described_not_printed() -> None:
    decoded = decode(
        replace(
            CLEAN,
            purchase_state=2**70,
            consumption_state=float("inf"),  # type: ignore[arg-type]
            purchase_time="9" * 4000,
            order_amount="9" * 4000,
        )
    )
    assert decoded.payment_state == "an unreadable 22-digit number · Unknown state"
    assert decoded.consumption == (
        "an unreadable non-finite number (inf) · Unknown consumption state"
    )
    assert not (decoded.is_paid or decoded.is_consumed)
    assert decoded.amount == "an unreadable 4000-digit number (implausibly large) USD"
    assert field(decoded, "purchaseTime").text == (
        "an unreadable 4000-digit number (could not be read as a time: it is too large to be "
        "a date in seconds or milliseconds)"
    )
    unknown_state = next(a for a in decoded.anomalies if a.code == "unknown_purchase_state")
    assert unknown_state.meaning.startswith("purchaseState is an unreadable 22-digit number,")
    everything = [decoded.headline, *(a.meaning for a in decoded.anomalies)]
    everything += [f.text for group in decoded.groups for f in group.fields]
    assert max(len(text) for text in everything) < 400  # no wall of digits anywhere


def test_a_long_but_readable_number_is_shown_in_full() -> None:
    decoded = decode(replace(CLEAN, purchase_state=10**19, order_amount="1" * 16))
    assert decoded.payment_state == f"{10**19} · Unknown state"
    assert decoded.amount == f"{'1' * 16} (implausibly large) USD"


def test_headline_of_a_paid_unconsumed_test_order() -> None:
    decoded = decode(replace(CLEAN, consumption_state=0, is_test_order=True))
    assert decoded.headline == "Paid · Not consumed · 25.15 USD · TEST ORDER"


def test_failed_payment_reads_as_failed() -> None:
    decoded = decode(replace(CLEAN, purchase_state=2, consumption_state=0, pay_status_txt=None))
    assert decoded.payment_state == "2 · Failed" and decoded.is_failed
    assert decoded.headline.startswith("Failed · Not consumed")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-10-30 06:08:01", "2024-10-30 06:08:01 (time zone not stated)"),
        ("2024 - 10 - 3006: 08: 01", "2024-10-30 06:08:01 (time zone not stated;"),
        ("2024/10/30 06:08:01", "2024-10-30 06:08:01 (time zone not stated;"),
        ("2024-10-30T06:08:01", "2024-10-30 06:08:01 (time zone not stated;"),
        ("20241030060801", "2024-10-30 06:08:01 (time zone not stated;"),
        ("2024-1-5 6:08:01", "2024-01-05 06:08:01 (time zone not stated;"),
        ("2024-10-30 06:08:01 UTC", "2024-10-30 06:08:01 (time zone UTC as stated"),
        ("2024-10-30T06:08:01+08:00", "2024-10-30 06:08:01 (time zone UTC+08:00 as stated"),
        ("2024-10-30", "2024-10-30 (time zone not stated; no time of day"),
    ],
)
def test_pay_time_variants_are_read(raw: str, expected: str) -> None:
    pay_time = decode(replace(CLEAN, pay_time_txt=raw)).pay_time
    assert pay_time is not None and pay_time.startswith(expected)


@pytest.mark.parametrize("raw", ["soon", "2024-13-45 99:99:99", "", "10-30"])
def test_an_unreadable_pay_time_is_shown_as_sent(raw: str) -> None:
    pay_time = decode(replace(CLEAN, pay_time_txt=raw)).pay_time
    assert pay_time == f"{raw} (could not be read as a date)"


def test_control_characters_from_the_reply_cannot_reach_the_terminal() -> None:
    decoded = decode(replace(CLEAN, developer_payload="user\x1b[2J42"))
    payload = field(decoded, "developerPayload").text
    assert "\x1b" not in payload and "\\u001b" in payload


# --- extra fields -----------------------------------------------------------------------


def test_unknown_extra_fields_are_kept_and_shown() -> None:
    extra = {"discountAmount": "1.00", "flags": {"vip": True}}
    decoded = decode(replace(CLEAN, extra=extra))
    assert decoded.extra == extra
    other = decoded.groups[-1]
    assert other.title == "Other fields"
    assert {f.wire_name: f.text for f in other.fields} == {
        "discountAmount": '"1.00"',
        "flags": '{"vip": true}',
    }
    anomaly = next(a for a in decoded.anomalies if a.code == AnomalyCode.EXTRA_FIELDS)
    assert anomaly.severity is Severity.INFO and "discountAmount" in anomaly.meaning
    as_json = purchase_json(decoded)
    assert as_json["purchase"]["flags"] == {"vip": True}  # type: ignore[index]


# --- anomalies: each one triggers, and does not trigger ---------------------------------


def test_a_clean_purchase_has_no_anomaly() -> None:
    assert decode(CLEAN).anomalies == ()


TRIGGERS: list[tuple[str, dict[str, object]]] = [
    (AnomalyCode.STATE_MISMATCH, {"pay_status_txt": "Unpaid"}),
    (AnomalyCode.UNPAID_OR_FAILED, {"purchase_state": 0, "pay_status_txt": None}),
    (AnomalyCode.UNPAID_OR_FAILED, {"purchase_state": 2, "pay_status_txt": None}),
    (AnomalyCode.UNKNOWN_PURCHASE_STATE, {"purchase_state": 9}),
    (AnomalyCode.UNKNOWN_PURCHASE_STATE, {"purchase_state": 2**70}),
    (AnomalyCode.UNKNOWN_PURCHASE_STATE, {"purchase_state": float("inf")}),
    (AnomalyCode.PAID_NOT_CONSUMED, {"consumption_state": 0}),
    (AnomalyCode.CONSUMED_NOT_PAID, {"purchase_state": 0, "pay_status_txt": "Unpaid"}),
    (AnomalyCode.UNKNOWN_CONSUMPTION_STATE, {"consumption_state": 3}),
    (AnomalyCode.UNKNOWN_CONSUMPTION_STATE, {"consumption_state": -(2**70)}),
    (AnomalyCode.GOODS_ID_MISMATCH, {"seller_goods_id": "999"}),
    (AnomalyCode.TIME_MISMATCH, {"purchase_time_millis": "1630529999000"}),
    (AnomalyCode.TIME_UNREADABLE, {"purchase_time": "1.6e12"}),
    # The order id says 2022-05-27; the purchase time 2021-09-01.
    (AnomalyCode.ORDER_TIME_FAR, {"order_id": "1-2022052708285322094340093"}),
    (AnomalyCode.TIME_UNREADABLE, {"purchase_time": "9" * 40}),
    (AnomalyCode.AMOUNT_NOT_DECIMAL, {"order_amount": "25,15"}),
    (AnomalyCode.AMOUNT_NOT_DECIMAL, {"order_amount": "Infinity"}),
    (AnomalyCode.AMOUNT_NOT_DECIMAL, {"order_amount": "1e400"}),
    (AnomalyCode.AMOUNT_OUT_OF_RANGE, {"order_amount": "1" * 16 + ".00"}),
    (AnomalyCode.AMOUNT_OUT_OF_RANGE, {"order_amount": "9" * 4000}),
    (AnomalyCode.UNEXPECTED_KIND, {"kind": "nowgg#subscriptionPurchase"}),
    (AnomalyCode.TEST_ORDER, {"is_test_order": True}),
    (AnomalyCode.UNKNOWN_PAY_STATUS, {"pay_status_txt": "Pending"}),
    (AnomalyCode.UNKNOWN_REGION, {"region_code": "ZZ"}),
    (AnomalyCode.EXTRA_FIELDS, {"extra": {"newThing": 1}}),
]


@pytest.mark.parametrize(("code", "changes"), TRIGGERS, ids=[f"{c}" for c, _ in TRIGGERS])
def test_each_anomaly_triggers(code: str, changes: dict[str, object]) -> None:
    assert code in codes(replace(CLEAN, **changes))  # type: ignore[arg-type]


def test_every_anomaly_code_has_a_trigger_test() -> None:
    assert {code for code, _ in TRIGGERS} == set(AnomalyCode)


NON_TRIGGERS: list[tuple[str, dict[str, object]]] = [
    # Agreement, or nothing to compare with, is no mismatch.
    (AnomalyCode.STATE_MISMATCH, {"pay_status_txt": "paid"}),
    (AnomalyCode.STATE_MISMATCH, {"pay_status_txt": None}),
    (AnomalyCode.STATE_MISMATCH, {"purchase_state": 0, "pay_status_txt": "Unpaid"}),
    (AnomalyCode.UNPAID_OR_FAILED, {}),
    (AnomalyCode.PAID_NOT_CONSUMED, {"purchase_state": 0, "consumption_state": 0}),
    (AnomalyCode.GOODS_ID_MISMATCH, {"seller_goods_id": None}),
    (AnomalyCode.GOODS_ID_MISMATCH, {"product_id": None}),
    # Equal values, and the same instant in seconds and in milliseconds, agree.
    (AnomalyCode.TIME_MISMATCH, {}),
    (AnomalyCode.TIME_MISMATCH, {"purchase_time": "1630529397"}),
    (AnomalyCode.TIME_MISMATCH, {"purchase_time_millis": None}),
    (AnomalyCode.TIME_MISMATCH, {"purchase_time_millis": "garbage"}),
    # The order created at the purchase time, or 40 minutes before it; an id of another shape.
    (AnomalyCode.ORDER_TIME_FAR, {"order_id": "1-2021090120495700000000001"}),
    (AnomalyCode.ORDER_TIME_FAR, {"order_id": "1-2021090120095700000000001"}),
    (AnomalyCode.ORDER_TIME_FAR, {"order_id": "GPA.1-2022052708285322094340093"}),
    (AnomalyCode.AMOUNT_NOT_DECIMAL, {"order_amount": "1200"}),
    (AnomalyCode.AMOUNT_NOT_DECIMAL, {"order_amount": None}),
    (AnomalyCode.AMOUNT_OUT_OF_RANGE, {"order_amount": "999999999999999.99"}),  # 15 digits
    (AnomalyCode.AMOUNT_OUT_OF_RANGE, {"order_amount": "25,15"}),
    (AnomalyCode.AMOUNT_OUT_OF_RANGE, {"order_amount": None}),
    (AnomalyCode.UNEXPECTED_KIND, {"kind": None}),
    (AnomalyCode.TEST_ORDER, {"is_test_order": False}),
    (AnomalyCode.TEST_ORDER, {"is_test_order": "true"}),
    (AnomalyCode.UNKNOWN_REGION, {"region_code": "kr"}),
    (AnomalyCode.UNKNOWN_REGION, {"region_code": "XK"}),
    (AnomalyCode.EXTRA_FIELDS, {"extra": {}}),
]


@pytest.mark.parametrize(
    ("code", "changes"), NON_TRIGGERS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(NON_TRIGGERS)]
)
def test_each_anomaly_stays_quiet_when_nothing_is_wrong(
    code: str, changes: dict[str, object]
) -> None:
    assert code not in codes(replace(CLEAN, **changes))  # type: ignore[arg-type]


def test_paid_not_consumed_says_what_to_do() -> None:
    decoded = decode(replace(CLEAN, consumption_state=0))
    anomaly = next(a for a in decoded.anomalies if a.code == AnomalyCode.PAID_NOT_CONSUMED)
    assert "grant" in anomaly.meaning and "consume" in anomaly.meaning
    assert "game server" in anomaly.meaning


def test_unpaid_says_do_not_grant() -> None:
    decoded = decode(replace(CLEAN, purchase_state=0, pay_status_txt=None))
    anomaly = next(a for a in decoded.anomalies if a.code == AnomalyCode.UNPAID_OR_FAILED)
    assert anomaly.severity is Severity.DANGER and "do not grant" in anomaly.title.lower()


def test_anomalies_come_danger_first() -> None:
    decoded = decode(replace(SAMPLE_003, is_test_order=True, seller_goods_id="1", extra={"x": 1}))
    order = [Severity.DANGER, Severity.WARNING, Severity.INFO]
    ranks = [order.index(a.severity) for a in decoded.anomalies]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 2


# --- JSON output ------------------------------------------------------------------------


def test_json_output_has_the_documented_shape() -> None:
    decoded = decode(replace(SAMPLE_003, extra={"newThing": [1, 2]}))
    as_json = purchase_json(decoded)
    assert set(as_json) == {"purchase", "decoded", "anomalies"}
    purchase = as_json["purchase"]
    assert isinstance(purchase, dict)
    assert purchase["purchaseState"] == 0 and purchase["payStatusTxt"] == "Paid"
    assert purchase["newThing"] == [1, 2]
    words = as_json["decoded"]
    assert isinstance(words, dict)
    assert words["paymentState"] == "0 · Unpaid"
    assert words["consumptionState"] == "0 · Not consumed"
    assert words["purchaseTime"] == {
        "utc": "2021-09-01 20:49:57 UTC",
        "local": "2021-09-02 05:49:57 KST (UTC+09:00)",
        "unit": "milliseconds",
        "iso": "2021-09-01T20:49:57.125000+00:00",
        "note": "assumed milliseconds since the epoch",
    }
    assert words["amount"] == "25.15 USD"
    assert words["region"] == "US · United States"
    assert words["testOrder"] is False
    anomalies = as_json["anomalies"]
    assert isinstance(anomalies, list)
    assert anomalies[0] == {
        "code": "state_mismatch",
        "severity": "danger",
        "title": anomalies[0]["title"],
        "meaning": anomalies[0]["meaning"],
    }
    json.dumps(as_json)  # plain JSON, nothing exotic


def test_local_zone_defaults_to_the_machine_zone() -> None:
    decoded = decode_purchase(CLEAN)
    time = decoded.purchase_time
    assert time is not None and time.instant is not None
    expected = time.instant.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert time.local_text.startswith(expected)
