"""No input crashes reply parsing (DESIGN.md): whatever the bytes, the result is an Envelope
and a Purchase, or a PaymentsError with a one-line printable reason."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.cli.json_purchase import purchase_json
from console.payments.decode import AnomalyCode, decode_purchase
from console.payments.errors import ApiError, FailureCategory, PaymentsError, ShapeError
from console.payments.models import PURCHASE_WIRE_NAMES, Envelope
from console.payments.parse import CODE_MAX, CODE_MIN, parse_envelope, parse_purchase

FAST = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])

statuses = st.integers(min_value=100, max_value=599)
content_types = st.sampled_from(["application/json", "text/html", "", "text/plain; charset=x"])


def json_values(finite: bool = False) -> st.SearchStrategy[object]:
    """Any JSON document; with `finite=False` also the NaN and Infinity of a sloppy encoder."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**30), max_value=10**30)
        | st.floats(allow_nan=not finite, allow_infinity=not finite)
        | st.text(max_size=20)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=12,
    )


def judged(status: int, content_type: str, body: bytes) -> Envelope | PaymentsError:
    """Parse as the client does; anything but a PaymentsError propagates and fails the test."""
    try:
        envelope = parse_envelope(status, content_type, body)
        parse_purchase(envelope)
    except PaymentsError as error:
        assert error.reason.isprintable(), error.reason  # one line, no escape codes
        return error
    assert 200 <= status <= 299
    assert envelope.success is True and envelope.code == 0
    return envelope


@FAST
@given(statuses, content_types, st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(status: int, content_type: str, body: bytes) -> None:
    judged(status, content_type, body)


@FAST
@given(statuses, json_values())
def test_arbitrary_json_never_crashes(status: int, document: object) -> None:
    # allow_nan: the non-standard NaN and Infinity literals are part of what may arrive.
    judged(status, "application/json", json.dumps(document, allow_nan=True).encode())


@FAST
@given(st.binary(max_size=40), st.integers(min_value=0, max_value=60), st.binary(max_size=8))
def test_damaged_valid_replies_never_crash(prefix: bytes, cut: int, tail: bytes) -> None:
    good = b'{"success":true,"code":0,"data":{"purchaseState":1,"consumptionState":0}}'
    judged(200, "application/json", prefix + good[:cut] + tail)


# Envelope-shaped dicts whose fields have random types: the shape checks, not luck, must hold.
field_values = st.one_of(json_values(), st.just(0), st.just(True), st.just(False))
purchase_fields = st.dictionaries(
    st.sampled_from(sorted(PURCHASE_WIRE_NAMES.values())), field_values, max_size=8
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "success": field_values,
        "code": field_values,
        "codeMsg": field_values,
        "data": st.one_of(field_values, purchase_fields),
    },
)


@FAST
@given(statuses, envelopes)
def test_envelopes_with_random_field_types_never_crash(
    status: int, document: dict[str, object]
) -> None:
    outcome = judged(status, "application/json", json.dumps(document).encode())
    if isinstance(outcome, Envelope):
        assert document["success"] is True and document["code"] == 0
    elif isinstance(outcome, ApiError):
        assert isinstance(document.get("code"), int) and isinstance(document.get("success"), bool)


valid_purchases = st.fixed_dictionaries(
    {
        "purchaseState": st.integers(min_value=-5, max_value=5),
        "consumptionState": st.integers(min_value=-5, max_value=5),
    },
    optional={
        "orderId": st.text(max_size=30),
        "purchaseTime": st.integers(min_value=0, max_value=10**13).map(str),
        "isTestOrder": st.booleans(),
        "regionCode": st.none() | st.text(max_size=3),
    },
)
unknown_fields = st.dictionaries(
    st.text(max_size=12).filter(lambda key: key not in set(PURCHASE_WIRE_NAMES.values())),
    json_values(finite=True),
    max_size=5,
)


@settings(FAST, max_examples=40)  # each example is a large document: keep the test fast
@given(valid_purchases, unknown_fields)
def test_a_decoded_purchase_keeps_every_unknown_field(
    data: dict[str, object], unknown: dict[str, object]
) -> None:
    reply = {"success": True, "code": 0, "codeMsg": "success", "data": {**data, **unknown}}
    purchase = parse_purchase(parse_envelope(200, "application/json", json.dumps(reply).encode()))
    assert dict(purchase.extra) == unknown
    assert purchase.purchase_state == data["purchaseState"]
    assert purchase.order_id == data.get("orderId")


# --- numbers out of range (issue 7, item 6) ---------------------------------------------------

# Codes as they may be written on the wire: any integer, the ones that broke the history,
# and numbers that are not integers at all.
code_texts = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(
        [
            str(2**63),
            str(2**63 - 1),
            str(-(2**70)),
            str(2**31),
            str(-(2**31) - 1),
            "1e400",
            "-1e400",
            "1E2",
            "3901.0",
            "-0",
            "true",
            "null",
            '"3901"',
            "9" * 5000,
        ]
    ),
)


@FAST
@given(statuses, st.sampled_from(["true", "false"]), code_texts)
def test_a_code_is_either_a_sane_integer_or_a_malformed_reply(
    status: int, success: str, code: str
) -> None:
    body = f'{{"success":{success},"code":{code},"codeMsg":"m","data":{{}}}}'.encode()
    try:
        envelope = parse_envelope(status, "application/json", body)
    except ApiError as error:
        let_through = error.code
    except ShapeError as error:
        assert 200 <= status <= 299
        assert error.category is FailureCategory.PARSE
        assert error.excerpt and error.reason.isprintable()  # the reply, quoted
        return
    except PaymentsError as error:
        assert error.reason.isprintable()
        return
    else:
        let_through = envelope.code
    assert CODE_MIN <= let_through <= CODE_MAX
    # What the history and --json do with a code must work for every code let through.
    with closing(sqlite3.connect(":memory:")) as database:
        assert database.execute("SELECT ?", (let_through,)).fetchone() == (let_through,)
    json.dumps(let_through, allow_nan=False)


huge_integers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**4299), max_value=10**4299),
    st.sampled_from([2**63, -(2**70), 10**20]),
)
numeric_fields = st.fixed_dictionaries(
    {
        "purchaseState": st.one_of(huge_integers, st.sampled_from([0, 1, 2])),
        "consumptionState": st.one_of(huge_integers, st.sampled_from([0, 1])),
    },
    optional={
        "purchaseTime": st.one_of(
            huge_integers.filter(lambda number: number >= 0),
            st.from_regex(r"[0-9]{1,60}", fullmatch=True),
        ),
        "purchaseTimeMillis": st.from_regex(r"[0-9]{1,60}", fullmatch=True),
        "orderAmount": st.one_of(
            st.from_regex(r"-?[0-9]{1,60}(\.[0-9]{1,10})?", fullmatch=True),
            st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "0x10"]),
        ),
        "currency": st.just("USD"),
        "payStatusTxt": st.sampled_from(["Paid", "Unpaid"]),  # compared with the state
        "bigExtra": huge_integers,
    },
)


@settings(FAST, max_examples=60)
@given(numeric_fields)
def test_huge_numbers_in_a_purchase_decode_to_readable_words(data: dict[str, object]) -> None:
    reply = {"success": True, "code": 0, "codeMsg": "success", "data": data}
    try:
        purchase = parse_purchase(
            parse_envelope(200, "application/json", json.dumps(reply).encode())
        )
    except ShapeError as error:  # a negative int where a time belongs, nothing else
        assert "purchaseTime" in error.reason
        return
    decoded = decode_purchase(purchase)
    json.dumps(purchase_json(decoded), allow_nan=False)  # strict JSON, for --json
    documented = [f for group in decoded.groups for f in group.fields if f.wire_name != "bigExtra"]
    texts = [decoded.headline, decoded.payment_state, decoded.consumption]
    texts += [f.text for f in documented] + [a.meaning for a in decoded.anomalies]
    for text in texts:
        assert text.isprintable() and len(text) < 400, text[:100]
    state = purchase.purchase_state
    assert decoded.is_paid == (state == 1)
    if state not in (0, 1, 2):
        assert decoded.has(AnomalyCode.UNKNOWN_PURCHASE_STATE)
    if purchase.consumption_state not in (0, 1):
        assert decoded.has(AnomalyCode.UNKNOWN_CONSUMPTION_STATE)
