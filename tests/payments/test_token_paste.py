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


def test_a_worklist_line_from_a_reply_gives_its_token() -> None:
    assert token_field(f'  "purchaseToken": "{TOKEN}",') == TOKEN
    assert token_field(f"{TOKEN},xiaomi,gems,INR") is None
