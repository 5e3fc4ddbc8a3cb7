"""A token as players and game teams paste it: quoted, with a full stop, inside a log line or a
JSON reply, wrapped over lines — cleaned to the token, with each step said; several tokens in one
paste refused with a pointer to the worklist instead of joined into one that does not exist."""

from __future__ import annotations

import pytest

from console.payments import PurchaseQuery, TokenRejected
from console.payments.token_paste import several_tokens, token_field, unwrap_paste
from console.payments.tokens import clean_token

TOKEN = "sbx-paid-unconsumed-0001"


@pytest.mark.parametrize(
    ("pasted", "said"),
    [
        (f'"{TOKEN}"', "removed the quotes around it"),
        (f"'{TOKEN}'", "removed the quotes around it"),
        (f"`{TOKEN}`", "removed the backticks around it"),
        (f"“{TOKEN}”", "removed the quotes around it"),
        (f"{TOKEN},", "removed a trailing comma"),
        (f"{TOKEN}.", "removed a trailing full stop"),
        (f"purchaseToken={TOKEN}", "took the token out of purchaseToken=…"),
        (f"verify?purchaseToken={TOKEN}&orderId=1-2", "took the token out of purchaseToken=…"),
        (f'"purchaseToken": "{TOKEN}",', 'took the token out of "purchaseToken": "…"'),
        (f'{{"purchaseToken":"{TOKEN}","orderId":"1-1"}}', '"purchaseToken": "…"'),
    ],
)
def test_each_wrapping_is_taken_off_and_said(pasted: str, said: str) -> None:
    cleaned = clean_token(pasted)
    assert cleaned.value == TOKEN
    assert any(said in change for change in cleaned.changes), cleaned.changes


def test_a_quoted_token_wrapped_over_two_lines_with_a_comma_is_whole_again() -> None:
    cleaned = clean_token(f'  "{TOKEN[:12]}\r\n   {TOKEN[12:]}",\n')
    assert cleaned.value == TOKEN
    assert cleaned.changes == (
        "removed surrounding whitespace and line breaks",
        "removed a trailing comma",
        "removed the quotes around it",
        "joined 2 lines that were wrapped",
    )


def test_a_json_field_wrapped_inside_its_quotes_is_joined() -> None:
    query = PurchaseQuery('{"purchaseToken": "241028222221\n  SGP61717"}')
    assert query.token == "241028222221SGP61717"
    assert "joined 2 lines that were wrapped" in query.token_changes


def test_a_clean_token_is_not_touched() -> None:
    for token in (TOKEN, "-nowgg-AbC.def_1", "241028222221SGP61717", "a" * 32):
        assert clean_token(token).changes == ()
        assert clean_token(token).value == token


def test_quotes_that_do_not_match_are_left_for_the_refusal() -> None:
    value, changes = unwrap_paste(f'"{TOKEN}')
    assert value == f'"{TOKEN}' and changes == ()


@pytest.mark.parametrize(
    "pasted",
    [
        f"{TOKEN}\nsbx-paid-consumed-0002",
        f"{TOKEN}, sbx-unpaid-0003",
        "-nowgg-aaaa\n-nowgg-bbbb\n-nowgg-cccc",
        f'purchaseToken={TOKEN}\npurchaseToken="sbx-unpaid-0003"',
    ],
)
def test_several_tokens_are_told_apart_and_refused_as_one(pasted: str) -> None:
    assert len(several_tokens(pasted)) >= 2
    with pytest.raises(TokenRejected, match=r"holds \d tokens, not one: .*worklist"):
        clean_token(pasted)


def test_a_wrapped_token_is_not_taken_for_several() -> None:
    # The second line of a wrap never begins the way a token does.
    assert several_tokens(f"{TOKEN[:10]}\n{TOKEN[10:]}") == ()
    assert several_tokens("241028222221\nSGP61717") == ()


OTHER = ("Zq8fKp2LmN4xR7tY", "Wb3cVd9eHj6kLm2P", "Aa1bB2cC3dD4eE5f")
"""Tokens of no documented shape (production tokens may have any)."""


@pytest.mark.parametrize(
    "pasted",
    [
        "\n".join(OTHER),  # lines all of one length: a wrap's last line is the short one
        "\r\n".join(OTHER[:2]) + "\r\n",
        " ".join(OTHER),  # side by side on a line: a wrap never puts a space inside a token
        "\t".join(OTHER[:2]),
        f"{OTHER[0]}, {OTHER[1]}\n{OTHER[2]}xyz",
        # Middle lines of different lengths: a wrap fills each to the same width.
        f"{OTHER[0]}\n{OTHER[1]}xyz\n{OTHER[2]}\n{OTHER[0]}ab",
    ],
)
def test_tokens_of_no_known_shape_that_a_wrap_cannot_have_cut_are_several(pasted: str) -> None:
    found = several_tokens(pasted)
    assert len(found) >= 2 and found[0] == OTHER[0]


@pytest.mark.parametrize(
    ("pasted", "joined"),
    [
        ("Zq8fKp2LmN4xR7tYWb3cVd9e\nHj6kLm2P", "Zq8fKp2LmN4xR7tYWb3cVd9eHj6kLm2P"),
        # A narrow terminal: full lines, then the short rest.
        (
            "Zq8fKp2LmN4xR7tYWb3c\nVd9eHj6kLm2PAa1bB2cC\n3dD4eE5f",
            "Zq8fKp2LmN4xR7tYWb3cVd9eHj6kLm2PAa1bB2cC3dD4eE5f",
        ),
        # Started mid-line in a log (a short first line), then full ones.
        (
            "Zq8fKp2LmN4x\nR7tYWb3cVd9eHj6kLm2P\nAa1bB2cC3dD4eE5f",
            "Zq8fKp2LmN4xR7tYWb3cVd9eHj6kLm2PAa1bB2cC3dD4eE5f",
        ),
    ],
)
def test_one_token_of_no_known_shape_wrapped_over_lines_is_still_joined(
    pasted: str, joined: str
) -> None:
    assert several_tokens(pasted) == ()
    assert clean_token(pasted).value == joined


def test_a_worklist_line_from_a_reply_gives_its_token() -> None:
    assert token_field(f'  "purchaseToken": "{TOKEN}",') == TOKEN
    assert token_field(f"{TOKEN},xiaomi,gems,INR") is None
