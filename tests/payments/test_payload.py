"""developerPayload read as the fields games put there: JSON, a query string, key=value pairs;
anything else stays a string, and nothing a payload holds can make decoding fail."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.payments import PayloadFormat, decode_payload, payload_matches
from console.payments.payload import MAX_FIELDS


@pytest.mark.parametrize(
    ("payload", "shape", "fields"),
    [
        (
            '{"userId": "u-77", "roleId": 7, "vip": true, "extra": {"a": 1}}',
            PayloadFormat.JSON,
            (("userId", "u-77"), ("roleId", "7"), ("vip", "true"), ("extra", '{"a":1}')),
        ),
        (
            "uid=10001&role=knight%20one",
            PayloadFormat.QUERY_STRING,
            (("uid", "10001"), ("role", "knight one")),
        ),
        ("uid=10001;role=knight", PayloadFormat.PAIRS, (("uid", "10001"), ("role", "knight"))),
        (
            "uid = 10001 ; server = eu-2 ;",
            PayloadFormat.PAIRS,
            (("uid", "10001"), ("server", "eu-2")),
        ),
        ("uid=10001", PayloadFormat.QUERY_STRING, (("uid", "10001"),)),
    ],
)
def test_each_shape_reads_as_fields(
    payload: str, shape: PayloadFormat, fields: tuple[tuple[str, str], ...]
) -> None:
    decoded = decode_payload(payload)
    assert decoded is not None
    assert decoded.format is shape
    assert decoded.fields == fields


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "   ",
        "order 4711 for the knight",  # free text
        "a sentence with = in it",  # an `=` in prose is no field
        "[1, 2, 3]",  # JSON, but no object
        "{not json",
        "{}",
        "=10001",
        None,
        10001,
        "&".join(f"k{number}=v" for number in range(MAX_FIELDS + 1)),  # a dump, not ids
        "uid=1;" + "x" * 5000,
    ],
)
def test_anything_else_stays_a_string(payload: object) -> None:
    assert decode_payload(payload) is None


def test_a_json_number_matches_its_digits() -> None:
    assert payload_matches('{"uid": 10001}', "uid", "10001")
    assert not payload_matches('{"uid": 100010}', "uid", "10001")
    assert not payload_matches("uid=10001", "user", "10001")


@given(st.text(max_size=300))
def test_no_payload_breaks_decoding(payload: str) -> None:
    decoded = decode_payload(payload)
    assert decoded is None or 0 < len(decoded.fields) <= MAX_FIELDS
