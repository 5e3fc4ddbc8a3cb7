"""Replies judged as API.md says: by success and code, with every other oddity named."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pytest

from console.payments.errors import (
    ApiError,
    ContradictoryReply,
    EmptyBodyError,
    HttpStatusError,
    NotJsonError,
    ShapeError,
)
from console.payments.models import PURCHASE_WIRE_NAMES, Envelope, Purchase
from console.payments.parse import MAX_DEPTH, parse_envelope, parse_purchase

# The 003 sample, comments removed.
SAMPLE_003 = {
    "purchaseTimeMillis": "1630529397125",
    "purchaseTime": "1630529397125",
    "purchaseState": 0,
    "consumptionState": 0,
    "developerPayload": "<developer_payload>",
    "orderId": "<orderId_here>",
    "appId": "3",
    "kind": "nowgg#productPurchase",
    "regionCode": "US",
    "currency": "USD",
    "packageName": "<package_name>",
    "payStatusTxt": "Paid",
    "orderAmount": "25.15",
    "isTestOrder": False,
    "payTimeTxt": "2024 - 10 - 3006: 08: 01",
    "sellerGoodsId": "11223343",
    "purchaseToken": "241028222221SGP61717",
    "productId": "11223343",
}


def reply(data: object = None, **fields: Any) -> bytes:
    document: dict[str, object] = {"success": True, "code": 0, "codeMsg": "success"}
    if data is not None:
        document["data"] = data
    document.update(fields)
    return json.dumps(document).encode()


def envelope_of(body: bytes, status: int = 200) -> Envelope:
    return parse_envelope(status, "application/json", body)


def purchase_of(data: dict[str, object]) -> Purchase:
    return parse_purchase(envelope_of(reply(data)))


# --- successes ----------------------------------------------------------------------------------


def test_the_003_sample_parses_into_every_field() -> None:
    purchase = purchase_of(SAMPLE_003)
    for attribute, wire in PURCHASE_WIRE_NAMES.items():
        assert getattr(purchase, attribute) == SAMPLE_003[wire]
    assert purchase.extra == {}


def test_the_000_consume_reply_is_an_envelope_with_empty_data() -> None:
    envelope = envelope_of(b'{"success":true,"code":0,"codeMsg":"success","data":{}}')
    assert (envelope.success, envelope.code, envelope.code_msg) == (True, 0, "success")
    assert envelope.data == {}


def test_unknown_fields_are_kept_as_they_came() -> None:
    data = {"purchaseState": 1, "consumptionState": 1, "newField": [1, {"a": None}], "n": 1.5}
    purchase = purchase_of(data)
    assert purchase.extra == {"newField": [1, {"a": None}], "n": 1.5}
    with pytest.raises(TypeError):
        purchase.extra["n"] = 2  # type: ignore[index]


def test_unknown_top_level_fields_stay_in_raw() -> None:
    envelope = envelope_of(reply({}, traceId="abc"))
    assert envelope.raw["traceId"] == "abc"


@pytest.mark.parametrize(
    ("body", "message"),
    [(b'{"success":true,"code":0}', ""), (b'{"success":true,"code":0,"codeMsg":null}', "")],
)
def test_a_missing_or_null_message_is_empty(body: bytes, message: str) -> None:
    assert envelope_of(body).code_msg == message


def test_missing_or_null_data_is_empty() -> None:
    assert envelope_of(b'{"success":true,"code":0,"data":null}').data == {}


def test_a_byte_order_mark_is_skipped() -> None:
    assert envelope_of(b"\xef\xbb\xbf" + reply({})).success is True


@pytest.mark.parametrize(
    ("value", "kept"), [("1630529397125", "1630529397125"), (1630529397, "1630529397")]
)
def test_purchase_time_may_be_digits_or_an_int_and_is_kept_as_digits(
    value: object, kept: str
) -> None:
    data = {
        "purchaseState": 1,
        "consumptionState": 0,
        "purchaseTime": value,
        "purchaseTimeMillis": value,
    }
    purchase = purchase_of(data)
    assert purchase.purchase_time == kept
    assert purchase.purchase_time_millis == kept


def test_documented_optional_fields_may_be_null() -> None:
    purchase = purchase_of(
        {
            "purchaseState": 1,
            "consumptionState": 0,
            "orderId": None,
            "isTestOrder": None,
            "purchaseTime": None,
        }
    )
    assert (purchase.order_id, purchase.is_test_order, purchase.purchase_time) == (None,) * 3


# --- API errors -----------------------------------------------------------------------------------


def test_an_error_reply_is_an_api_error_with_the_reply() -> None:
    body = b'{"success":false,"code":3900,"codeMsg":"INVALID_AUTHORIZATION_KEY","data":[]}'
    with pytest.raises(ApiError) as raised:
        envelope_of(body)
    assert raised.value.code == 3900
    assert raised.value.message == "INVALID_AUTHORIZATION_KEY"
    assert raised.value.reply["data"] == []  # an error's data is not judged
    assert raised.value.reliable_answer is True


def test_code_150_is_an_api_error_like_any_other() -> None:
    body = b'{"success":false,"code":150,"codeMsg":"interface not exist"}'
    with pytest.raises(ApiError, match="code 150: interface not exist"):
        envelope_of(body)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"success":true,"code":3901,"codeMsg":"x"}', "success is true but code is 3901"),
        (b'{"success":false,"code":0,"codeMsg":"x"}', "success is false but code is 0"),
    ],
)
def test_success_and_code_that_disagree_are_an_error_saying_so(body: bytes, says: str) -> None:
    with pytest.raises(ContradictoryReply) as raised:
        envelope_of(body)
    assert says in raised.value.reason
    assert "disagree" in raised.value.reason
    assert isinstance(raised.value, ApiError)
    assert raised.value.outcome_unknown  # a consume must be resolved by verifying


# --- status codes ---------------------------------------------------------------------------------


def test_a_non_2xx_with_an_error_envelope_is_the_api_error() -> None:
    with pytest.raises(ApiError) as raised:
        envelope_of(b'{"success":false,"code":3800,"codeMsg":"ERROR_CONSUMING_PRODUCT"}', 500)
    assert raised.value.code == 3800


def test_a_non_2xx_with_a_success_envelope_is_not_trusted() -> None:
    with pytest.raises(HttpStatusError, match="HTTP 503 with a reply that claims success"):
        envelope_of(reply({}), 503)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"Service Unavailable", "HTTP 503 instead of a JSON reply: Service Unavailable"),
        (
            b'{"error":"overloaded"}',
            'HTTP 503 with JSON that is not a now.gg reply: {"error":"overloaded"}',
        ),
        (b'{"success":false,"code":0}', "HTTP 503 instead of a JSON reply"),
    ],
)
def test_a_non_2xx_otherwise_is_an_http_status_error(body: bytes, says: str) -> None:
    with pytest.raises(HttpStatusError) as raised:
        envelope_of(body, 503)
    assert raised.value.status == 503
    assert says in raised.value.reason


# --- bodies that are not the documented JSON --------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"  \r\n\t", b"\xef\xbb\xbf"])
def test_an_empty_body_comes_first(body: bytes) -> None:
    with pytest.raises(EmptyBodyError, match=r"HTTP 502\) has an empty body"):
        envelope_of(body, 502)


@pytest.mark.parametrize(
    ("body", "content_type", "excerpt"),
    [
        (
            b"<html><head><title>\n  Access\n  Denied </title></head></html>",
            "text/html",
            "Access Denied",
        ),
        (
            b"<!DOCTYPE html><html><head><style>p{color:red}</style></head>"
            b"<body><p>Gateway   timeout</p></body></html>",
            "",
            "Gateway timeout",
        ),
        (b"upstream \x00\x01 connect error", "text/plain", "upstream connect error"),
        (b"x" * 500, "text/plain", "x" * 79 + "…"),
        (b"\xff\xfe{}", "application/json", "not valid UTF-8"),
        (b'{"success": NaN}', "application/json", "NaN is not a JSON value"),
        (b'{"success": true, "code": 0', "application/json", '{"success": true, "code": 0'),
    ],
)
def test_not_json_quotes_a_short_readable_excerpt(
    body: bytes, content_type: str, excerpt: str
) -> None:
    with pytest.raises(NotJsonError) as raised:
        parse_envelope(200, content_type, body)
    assert excerpt in raised.value.reason
    assert len(raised.value.excerpt) <= 100
    assert raised.value.excerpt.isprintable()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"[]", "the reply is an array, expected an object"),
        (b'"ok"', "the reply is a string, expected an object"),
        (b'{"code":0}', "'success' is missing (expected a boolean)"),
        (b'{"success":true}', "'code' is missing (expected an integer)"),
        (b'{"success":1,"code":0}', "'success' should be a boolean, found 1 (an integer)"),
        (b'{"success":"true","code":0}', "'success' should be a boolean, found \"true\""),
        (b'{"success":true,"code":false}', "'code' should be an integer, found false"),
        (b'{"success":true,"code":"0"}', "'code' should be an integer, found \"0\" (a string)"),
        (b'{"success":true,"code":0.0}', "'code' should be an integer, found 0.0 (a number)"),
        (b'{"success":true,"code":0,"codeMsg":7}', "'codeMsg' should be a string"),
        (
            b'{"success":true,"code":0,"data":[1,2]}',
            "'data' should be an object (or null), found [2 items] (an array)",
        ),
        (b'{"success":true,"code":0,"code":3901}', 'the key "code" appears twice'),
        (b'{"success":true,"code":1e999}', "too large to represent"),
        (b'{"success":true,"code":' + b"9" * 5000 + b"}", "an integer of 5000 digits"),
        (b'{"success":true,"code":0,"codeMsg":"\\ud800"}', "unpaired surrogate (U+D800)"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), f"more than {MAX_DEPTH} levels"),
        (b"[" * 100_000 + b"]" * 100_000, f"more than {MAX_DEPTH} levels"),
    ],
)
def test_json_of_the_wrong_shape_names_field_and_types(body: bytes, says: str) -> None:
    with pytest.raises(ShapeError) as raised:
        envelope_of(body)
    assert says in raised.value.reason


def test_nesting_up_to_the_limit_is_fine() -> None:
    nested: object = {}
    for _ in range(MAX_DEPTH - 3):
        nested = [nested]
    envelope = envelope_of(reply({"purchaseState": 1, "consumptionState": 0, "deep": nested}))
    assert "deep" in parse_purchase(envelope).extra


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (b"9223372036854775808", "found 9223372036854775808"),  # 2**63: past SQLite's INTEGER
        (b"2147483648", "found 2147483648"),
        (b"-2147483649", "found -2147483649"),
        (str(-(2**70)).encode(), f"found {-(2**70)}"),
        (b"9" * 100, "found (100 digits)"),
        (b"1e400", 'the number "1e400", too large to represent'),
        (b"3901.0", "'code' should be an integer, found 3901.0 (a number)"),
        (b"true", "'code' should be an integer, found true (a boolean)"),
    ],
)
@pytest.mark.parametrize("success", [b"true", b"false"])
def test_a_code_out_of_range_is_a_malformed_reply_quoting_it(
    success: bytes, code: bytes, says: str
) -> None:
    body = b'{"success":' + success + b',"code":' + code + b',"codeMsg":"x","data":{}}'
    with pytest.raises(ShapeError) as raised:
        envelope_of(body)
    error = raised.value
    assert says in error.reason
    assert error.category.value == "parse"
    assert error.excerpt is not None and error.excerpt in error.reason
    assert error.reason.endswith(f"(the reply: {error.excerpt})")
    assert body.decode()[:40] in error.reason  # the excerpt is the reply's own start


@pytest.mark.parametrize("code", [-(2**31), 2**31 - 1, 3901, -1])
def test_a_code_in_range_is_judged_as_usual(code: int) -> None:
    with pytest.raises(ApiError) as raised:
        envelope_of(json.dumps({"success": False, "code": code, "codeMsg": "x"}).encode())
    assert raised.value.code == code


def test_a_code_out_of_range_under_a_5xx_is_an_http_error() -> None:
    with pytest.raises(HttpStatusError, match=r"HTTP 502 with JSON that is not a now\.gg reply"):
        envelope_of(b'{"success":false,"code":9223372036854775808}', status=502)


# --- the purchase -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({}, "the reply has no 'data'"),
        ({"consumptionState": 0}, "'data.purchaseState' is missing (expected an integer)"),
        ({"purchaseState": 1}, "'data.consumptionState' is missing"),
        (
            {"purchaseState": True, "consumptionState": 0},
            "'data.purchaseState' should be an integer, found true (a boolean)",
        ),
        ({"purchaseState": "1", "consumptionState": 0}, 'found "1" (a string)'),
        (
            {"purchaseState": 1, "consumptionState": None},
            "'data.consumptionState' should be an integer, found null",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "orderId": 12},
            "'data.orderId' should be a string, found 12 (an integer)",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "isTestOrder": "false"},
            "'data.isTestOrder' should be a boolean",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTime": "2024-10-30"},
            "'data.purchaseTime' should be a string of digits",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTime": ""},
            "'data.purchaseTime' should be a string of digits",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTimeMillis": 1.63e12},
            "'data.purchaseTimeMillis' should be a string of digits or an integer",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTime": True},
            "'data.purchaseTime' should be a string of digits or an integer, found true",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTime": -5},
            "'data.purchaseTime' should be a time since the epoch",
        ),
        (
            {"purchaseState": 1, "consumptionState": 0, "purchaseTime": "١٢٣"},
            "'data.purchaseTime' should be a string of digits",
        ),
    ],
)
def test_a_purchase_of_the_wrong_shape_names_the_field(data: dict[str, object], says: str) -> None:
    with pytest.raises(ShapeError) as raised:
        purchase_of(data)
    assert says in raised.value.reason


def test_every_purchase_field_has_a_wire_name() -> None:
    names = {field.name for field in fields(Purchase)} - {"extra"}
    assert names == set(PURCHASE_WIRE_NAMES)
