"""Tokens pasted from tickets: harmless damage repaired and reported, the rest refused with a
reason that says what and where."""

from __future__ import annotations

import pytest

from console.payments.errors import TokenRejected
from console.payments.tokens import MAX_TOKEN_LENGTH, CleanedToken, clean_token, mask_token


@pytest.mark.parametrize(
    "token",
    ["-nowgg-AbC_123-xyz", "0123456789abcdef0123456789abcdef", "241028222221SGP61717"],
)
def test_documented_token_shapes_pass_untouched(token: str) -> None:
    assert clean_token(token) == CleanedToken(token, ())


def test_surrounding_whitespace_is_removed_and_reported() -> None:
    assert clean_token("  \t241028222221SGP61717 ") == CleanedToken(
        "241028222221SGP61717", ("removed surrounding whitespace",)
    )


def test_surrounding_line_breaks_are_named() -> None:
    cleaned = clean_token("\r\n-nowgg-abc\n")
    assert cleaned.value == "-nowgg-abc"
    assert cleaned.changes == ("removed surrounding whitespace and line breaks",)


def test_a_token_wrapped_over_lines_is_joined_and_reported() -> None:
    cleaned = clean_token("-nowgg-aaaa\r\n  bbbb \ncccc")
    assert cleaned.value == "-nowgg-aaaabbbbcccc"
    assert cleaned.changes == ("joined 3 lines that were wrapped",)


def test_blank_lines_inside_a_wrap_do_not_count_as_lines() -> None:
    cleaned = clean_token("aaaa\n\n\rbbbb")
    assert cleaned.value == "aaaabbbb"
    assert cleaned.changes == ("joined 2 lines that were wrapped",)


@pytest.mark.parametrize("raw", ["", "   ", "\r\n\t \n"])
def test_nothing_left_is_refused_as_empty(raw: str) -> None:
    with pytest.raises(TokenRejected, match="the purchase token is empty"):
        clean_token(raw)


def test_the_length_limit_is_inclusive_and_the_reason_says_the_length() -> None:
    assert clean_token("a" * MAX_TOKEN_LENGTH).value == "a" * MAX_TOKEN_LENGTH
    with pytest.raises(TokenRejected, match=f"is {MAX_TOKEN_LENGTH + 1} characters long"):
        clean_token("a" * (MAX_TOKEN_LENGTH + 1))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("-nowgg- abc", "a space (U+0020 SPACE) at position 8 of 11"),
        ("abc\tdef", "whitespace (U+0009 TAB) at position 4 of 7"),
        ("abc\u00a0def", "whitespace (U+00A0 NO-BREAK SPACE) at position 4"),
        ("abc\u2028def", "whitespace (U+2028 LINE SEPARATOR) at position 4"),
        ("abc\u200bdef", "an invisible character (U+200B ZERO WIDTH SPACE) at position 4"),
        ("\ufeffabcdef", "an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) at position 1"),
        ("abc\u200edef", "an invisible character (U+200E LEFT-TO-RIGHT MARK)"),
        ("abc\x00def", "a control character (U+0000 NULL) at position 4"),
        ("abc\x1b[0mdef", "a control character (U+001B ESCAPE)"),
        ("abc\x7f", "a control character (U+007F DELETE) at position 4"),
        ("caf\u00e9", "a non-ASCII character (U+00E9 LATIN SMALL LETTER E WITH ACUTE 'é')"),
        ("abc\u0430", "a non-ASCII character (U+0430 CYRILLIC SMALL LETTER A 'а')"),
        ("abc\ud800", "an invisible character (U+D800) at position 4"),
    ],
)
def test_characters_no_token_has_are_refused_by_name_and_position(raw: str, says: str) -> None:
    with pytest.raises(TokenRejected) as raised:
        clean_token(raw)
    assert says in raised.value.reason
    assert "\n" not in raised.value.reason


def test_a_refusal_is_input_that_never_reached_the_server() -> None:
    with pytest.raises(TokenRejected) as raised:
        clean_token("a b")
    assert raised.value.may_have_reached_server is False
    assert raised.value.outcome_unknown is False


def test_a_long_token_is_masked_in_the_middle_a_short_one_kept_whole() -> None:
    assert mask_token("sbx-paid-unconsumed-0001") == "sbx-pa…0001"
    assert mask_token("0123456789a") == "0123456789a"  # masking would not shorten it
    assert mask_token("0123456789ab") == "012345…89ab"
    assert mask_token("0123456789abcdef0123456789abcdef", 10, 8) == "0123456789…89abcdef"
