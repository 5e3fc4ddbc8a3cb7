"""`identify` and `verify` on what tickets hold besides tokens: said in words, nothing sent."""

from __future__ import annotations

from tests.cli.cli_runner import CliRunner

TOKEN = "sbx-paid-unconsumed-0001"
ORDER_ID = "1-2024103006080100000000001"


def test_an_order_id_finds_the_token_the_history_saw_with_it(cli: CliRunner) -> None:
    assert cli("verify", TOKEN).code == 0
    run = cli("identify", ORDER_ID)
    assert run.code == 0, run.err
    assert "now.gg cannot be asked by order id" in run.out
    assert "2024-10-30 06:08:01" in run.out
    assert f"    {TOKEN}  (sandbox," in run.out


def test_verify_of_an_order_id_says_what_it_is_and_sends_nothing(cli: CliRunner) -> None:
    run = cli("verify", ORDER_ID, "--json")
    assert run.code == 2
    body = run.json()
    assert isinstance(body, dict)
    assert body["sent"] is False
    assert body["identified"]["kind"] == "order-id"
    history = cli("history", "--json")
    assert ORDER_ID not in history.out  # nothing sent, nothing recorded


def test_verify_as_token_sends_it_as_typed(cli: CliRunner) -> None:
    run = cli("verify", "GPA.3372-1234-5678-91011", "--as-token")
    assert run.code == 1  # now.gg's answer: 3901
    assert "3901" in run.out


def test_an_email_address_is_never_sent_even_as_token(cli: CliRunner) -> None:
    run = cli("verify", "player@example.com", "--as-token")
    assert run.code == 2
    assert "an e-mail address is never sent" in run.out


def test_identify_json_names_the_shape_and_the_codes(cli: CliRunner) -> None:
    token = cli("identify", "--json", "--", "-nowgg-abcdef012345").json()
    assert token["tokenShape"] == "no_code"  # type: ignore[index]
    code = cli("identify", "0", "--json").json()
    assert {entry["source"] for entry in code["codes"]} == {"server", "client-sdk"}  # type: ignore[index]
