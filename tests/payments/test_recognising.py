"""What a pasted text is, on each shape API.md lists, and on texts that merely look like one:
a hint in words, never a refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.payments import PasteKind, TokenShape, order_id_time, recognise


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("-nowgg-AbCdEf0123456789", TokenShape.NO_CODE),
        ("241028222221SGP61717", TokenShape.VENDOR_SAMPLE),
        ("0123456789abcdef0123456789ABCDEF", TokenShape.HEX_32),
        ("sbx-paid-unconsumed-0001", TokenShape.SANDBOX),
        ("opaque.token_from-some-store", TokenShape.OTHER),
    ],
)
def test_each_token_shape_is_named(text: str, shape: TokenShape) -> None:
    recognised = recognise(text)
    assert recognised.kind is PasteKind.PURCHASE_TOKEN
    assert recognised.shape is shape
    assert shape.value in recognised.says
    assert not recognised.said_before_sending


def test_the_vendor_sample_form_reads_its_time() -> None:
    recognised = recognise("241028222221SGP61717")
    assert recognised.embedded_time == datetime(2024, 10, 28, 22, 22, 21, tzinfo=UTC)


def test_an_order_id_is_said_to_be_no_token_with_its_time() -> None:
    recognised = recognise(" 1-2022052708285322094340093\n")
    assert recognised.kind is PasteKind.ORDER_ID
    assert "now.gg cannot be asked by order id" in recognised.says
    assert recognised.embedded_time == datetime(2022, 5, 27, 8, 28, 53, tzinfo=UTC)
    assert order_id_time("1-2022052708285322094340093") == recognised.embedded_time
    assert recognised.said_before_sending and not recognised.never_sent


def test_google_play_order_numbers_are_googles() -> None:
    recognised = recognise("GPA.3372-1234-5678-91011")
    assert recognised.kind is PasteKind.GOOGLE_PLAY_ORDER
    assert "Google Play's order number, not now.gg's" in recognised.says
    renewal = recognise("GPA.3372-1234-5678-91011..0")
    assert renewal.kind is PasteKind.GOOGLE_PLAY_ORDER
    assert "Looks like" not in renewal.title


def test_codes_are_explained_with_both_meanings_where_they_overlap() -> None:
    server = recognise("3901")
    assert server.kind is PasteKind.CODE
    assert [entry.source for entry in server.codes] == ["server"]
    assert "INVALID_PURCHASE_TOKEN" in server.says
    client = recognise("102")
    assert [entry.source for entry in client.codes] == ["client-sdk"]
    both = recognise("0")
    assert {str(entry.source) for entry in both.codes} == {"server", "client-sdk"}


def test_an_unknown_number_is_no_code_and_names_the_nearest() -> None:
    recognised = recognise("9999")
    assert recognised.kind is PasteKind.CODE
    assert recognised.codes == ()
    assert recognised.nearest and all(str(code) in recognised.says for code in recognised.nearest)


def test_an_email_address_is_never_sent() -> None:
    recognised = recognise("player.one+ticket@example.com")
    assert recognised.kind is PasteKind.EMAIL
    assert recognised.never_sent and recognised.said_before_sending


@pytest.mark.parametrize(
    ("text", "kind", "title"),
    [
        # An order id's prefix with digits that hold no date.
        ("1-2022139912345611111", PasteKind.ORDER_ID, "Looks like a now.gg order id"),
        # Google Play's prefix, cut short.
        ("GPA.3372-1234", PasteKind.GOOGLE_PLAY_ORDER, "Looks like a Google Play order number"),
        # The vendor form with a date that does not exist is a token of another shape.
        ("991399999999SGP61717", PasteKind.PURCHASE_TOKEN, "A purchase token"),
        # 31 and 33 hex characters are not the 32-hex form.
        ("a" * 31, PasteKind.PURCHASE_TOKEN, "A purchase token"),
        ("hello", PasteKind.UNKNOWN, "Not a known shape"),
    ],
)
def test_look_alikes_are_not_taken_for_the_real_thing(
    text: str, kind: PasteKind, title: str
) -> None:
    recognised = recognise(text)
    assert recognised.kind is kind
    assert recognised.title == title
    assert recognised.shape is not TokenShape.HEX_32
    assert recognised.shape is not TokenShape.VENDOR_SAMPLE


def test_a_quoted_json_field_is_read_as_its_token() -> None:
    recognised = recognise('"purchaseToken": "-nowgg-abc\n def",')
    assert recognised.text == "-nowgg-abcdef"
    assert recognised.shape is TokenShape.NO_CODE
