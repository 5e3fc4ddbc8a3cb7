"""`nowgg-console verify` as a separate process against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from console.sandbox.orders import SEED_ORDERS, SeedOrder
from tests.cli.cli_runner import CliRunner

PAYMENT_WORDS = {0: "0 · Unpaid", 1: "1 · Paid", 2: "2 · Failed"}
CONSUMPTION_WORDS = {0: "0 · Not consumed", 1: "1 · Consumed"}


def _store_args(order: SeedOrder) -> list[str]:
    if order.store == "nowgg":
        return []
    return [
        "--store",
        order.store,
        "--product-id",
        str(order.product_id),
        "--currency",
        str(order.currency),
    ]


@pytest.mark.parametrize("order", SEED_ORDERS, ids=lambda order: order.token)
def test_every_seeded_order_decodes_through_the_served_sandbox(
    served_cli: CliRunner, order: SeedOrder
) -> None:
    run = served_cli("verify", order.token, *_store_args(order), "--json")
    assert run.code == 0, run.err
    body = run.json()
    assert isinstance(body, dict)
    assert body["ok"] is True
    decoded = body["decoded"]
    assert decoded["paymentState"] == PAYMENT_WORDS[order.data["purchaseState"]]  # type: ignore[index]
    assert decoded["consumptionState"] == CONSUMPTION_WORDS[order.data["consumptionState"]]  # type: ignore[index]
    # Every field of the reply is kept as it came, unknown ones included.
    assert body["purchase"] == dict(order.data)


@pytest.mark.parametrize("order", SEED_ORDERS, ids=lambda order: order.token)
def test_every_seeded_order_reads_in_words_on_the_embedded_sandbox(
    cli: CliRunner, order: SeedOrder
) -> None:
    run = cli("verify", order.token, *_store_args(order))
    assert run.code == 0, run.err
    assert "Environment  sandbox" in run.out
    assert PAYMENT_WORDS[order.data["purchaseState"]] in run.out  # type: ignore[index]
    assert "Traceback" not in run.out + run.err


def test_the_documentation_sample_shows_its_contradictions(cli: CliRunner) -> None:
    run = cli("verify", "sbx-sample-003-0011", "--json")
    codes = {anomaly["code"] for anomaly in run.json()["anomalies"]}  # type: ignore[index]
    assert {"state_mismatch", "goods_id_mismatch", "time_mismatch"} <= codes


def test_paid_but_unconsumed_warns_that_the_user_may_lack_the_item(cli: CliRunner) -> None:
    run = cli("verify", "sbx-paid-unconsumed-0001")
    assert "Paid but not consumed" in run.out
    assert "may not have their item" in run.out


def test_a_token_pasted_with_spaces_and_line_breaks_is_cleaned_and_said_so(
    cli: CliRunner,
) -> None:
    run = cli("verify", "  sbx-paid-\n  unconsumed-0001 \n")
    assert run.code == 0, run.err
    assert "token cleaned" in run.out
    assert "1 · Paid" in run.out


def test_a_token_with_an_inner_space_is_refused_before_sending(cli: CliRunner) -> None:
    run = cli("verify", "sbx-paid unconsumed-0001", "--base-url", "http://127.0.0.1:9/")
    assert run.code == 2
    assert "space" in run.out
    assert "refused the connection" not in run.out  # nothing was sent


def test_an_unknown_token_is_explained(cli: CliRunner) -> None:
    run = cli("verify", "no-such-token-0000")
    assert run.code == 1
    assert "3901 · INVALID_PURCHASE_TOKEN" in run.out
    assert "Next steps" in run.out


def test_a_wrong_key_is_explained(served_cli: CliRunner) -> None:
    run = served_cli("verify", "sbx-paid-unconsumed-0001", NOWGG_CONSOLE_API_KEY="wrong-key-12345")
    assert run.code == 1
    assert "3900 · INVALID_AUTHORIZATION_KEY" in run.out
    assert "wrong-key-12345" not in run.out + run.err


def test_an_unreachable_host_is_explained(cli: CliRunner) -> None:
    run = cli(
        "verify",
        "sbx-paid-unconsumed-0001",
        "--base-url",
        "http://127.0.0.1:9/",
        NOWGG_CONSOLE_API_KEY="some-key-123456",
    )
    assert run.code == 3
    assert "refused the connection" in run.out
    assert "Traceback" not in run.out + run.err


FAULTS = [
    ("sbx-fault-no-reply", 3, "no reply within 0.5 s"),
    ("sbx-fault-http-500", 3, "HTTP 500"),
    ("sbx-fault-html-502", 3, "502 Bad Gateway"),
    ("sbx-fault-malformed-json", 3, "cut off after"),
    ("sbx-fault-empty-body", 3, "empty body"),
    ("sbx-fault-huge-body", 3, "larger than"),
    ("sbx-fault-code-150", 1, "150"),
]


@pytest.mark.parametrize(("token", "code", "words"), FAULTS, ids=[f[0] for f in FAULTS])
def test_every_fault_token_gets_a_plain_explanation(
    served_cli: CliRunner, token: str, code: int, words: str
) -> None:
    # Only the no-reply fault needs a short timeout; the others must not race a busy machine.
    timeout = "0.5" if token == "sbx-fault-no-reply" else "10"
    run = served_cli("verify", token, "--timeout", timeout)
    assert run.code == code, run.out + run.err
    assert words in run.out
    assert "Meaning:" in run.out and "Next steps:" in run.out
    assert "Traceback" not in run.out + run.err


def test_a_slow_reply_still_arrives_within_the_timeout(served_cli: CliRunner) -> None:
    run = served_cli("verify", "sbx-fault-slow-2s", "--timeout", "5")
    assert run.code == 0, run.out
    assert "1 · Paid" in run.out


def test_json_failure_shape_is_stable(cli: CliRunner) -> None:
    run = cli("verify", "no-such-token-0000", "--json")
    body = run.json()
    assert isinstance(body, dict)
    assert body["ok"] is False
    error = body["error"]
    assert error["code"] == 3901 and error["category"] == "api"
    assert set(error["explanation"]) >= {"name", "meaning", "causes", "nextSteps", "retrySafe"}


def test_an_unknown_environment_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("verify", "sbx-paid-unconsumed-0001", "--env", "staging-typo")
    assert run.code == 2
    assert "staging-typo" in run.err


def test_the_developer_payload_is_an_object_in_json_and_fields_in_words(cli: CliRunner) -> None:
    body = cli("verify", "sbx-paid-unconsumed-0001", "--json").json()
    assert isinstance(body, dict)
    decoded = body["decoded"]
    assert decoded["payload"] == {"uid": "10001", "role": "knight"}
    assert decoded["payloadFormat"] == "key=value pairs"
    assert decoded["orderCreated"] == "2024-10-30T06:08:01+00:00"
    words = cli("verify", "sbx-paid-unconsumed-0001").out
    assert any(line.split() == ["·", "uid", "10001"] for line in words.splitlines())
    assert "Order created (from the order id)" in words


def test_history_finds_purchases_by_a_payload_field(cli: CliRunner) -> None:
    for token in ("sbx-paid-unconsumed-0001", "sbx-unpaid-0003", "sbx-paid-consumed-0002"):
        assert cli("verify", token).code == 0
    run = cli("history", "--payload", "uid=10001", "--json")
    assert run.code == 0, run.err
    entries = run.json()["entries"]  # type: ignore[index]
    assert [entry["token"] for entry in entries] == ["sbx-paid-unconsumed-0001"]
    assert cli("history", "--payload", "uid").code == 2
