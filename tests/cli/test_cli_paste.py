"""Tokens given to the command line the way they are copied from tickets: quoted, wrapped, in a
log line; the purchase is found and the cleaning is said. Several in one argument: usage, 2."""

from __future__ import annotations

from tests.cli.cli_runner import CliRunner


def test_a_quoted_wrapped_token_finds_its_purchase_and_says_what_was_cleaned(
    cli: CliRunner,
) -> None:
    run = cli("verify", '"sbx-paid-uncon\nsumed-0001",')
    assert run.code == 0, run.err
    assert "Token        sbx-paid-unconsumed-0001" in run.out
    assert "(token cleaned: removed the quotes around it)" in run.out
    assert "(token cleaned: joined 2 lines that were wrapped)" in run.out
    assert "1 · Paid" in run.out


def test_a_json_line_gives_its_token(cli: CliRunner) -> None:
    run = cli("verify", '"purchaseToken": "sbx-unpaid-0003",', "--json")
    assert run.code == 0, run.err
    assert "0 · Unpaid" in run.out


def test_several_tokens_in_one_argument_point_to_the_worklist(cli: CliRunner) -> None:
    run = cli("verify", "sbx-paid-unconsumed-0001 sbx-unpaid-0003")
    assert run.code == 2
    assert "holds 2 tokens, not one" in run.out + run.err
    assert "Traceback" not in run.out + run.err
