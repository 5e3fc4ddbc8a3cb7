"""`nowgg-console consume`: check → act → verify, guards and consent, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from console.payments.wire import CONSUME_PATH
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner
from tests.cli.in_flight_consumes import SUCCESS, TOKEN, hostile_cli, the_unresolved
from tests.hostile_server import HostileServer

CLOSED_PORT = "http://127.0.0.1:9/"


def _consumed(sandbox: SandboxServer, token: str) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data["consumptionState"] == 1


def test_consume_with_yes_consumes_once_and_prints_the_proof(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli("consume", "sbx-paid-unconsumed-0001", "--yes")
    assert run.code == 0, run.out + run.err
    assert "Verifying again shows the purchase as Consumed" in run.out
    assert "Proof" in run.out and "1 · Consumed" in run.out
    assert _consumed(sandbox, "sbx-paid-unconsumed-0001")
    # A second consume is refused by the check, not sent.
    again = served_cli("consume", "sbx-paid-unconsumed-0001", "--yes")
    assert again.code == 4
    assert "already consumed" in again.out


def test_without_a_terminal_and_without_yes_nothing_is_consumed(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli("consume", "sbx-paid-unconsumed-0001")
    assert run.code == 4
    assert "no terminal to confirm on" in run.out
    assert not _consumed(sandbox, "sbx-paid-unconsumed-0001")


def test_unpaid_and_failed_purchases_are_refused(served_cli: CliRunner) -> None:
    unpaid = served_cli("consume", "sbx-unpaid-0003", "--yes")
    failed = served_cli("consume", "sbx-failed-0004", "--yes")
    assert (unpaid.code, failed.code) == (4, 4)
    assert "not paid" in unpaid.out
    assert "payment failed" in failed.out
    assert "--force" in unpaid.out


def test_force_sends_it_and_shows_what_now_gg_said(served_cli: CliRunner) -> None:
    run = served_cli("consume", "sbx-paid-consumed-0002", "--yes", "--force")
    assert run.code == 1
    assert "FORCED" in run.err
    assert "3800" in run.out
    assert "1 · Consumed" in run.out  # the verify after the refusal shows the state


def test_client_side_stores_are_refused_before_any_request(cli: CliRunner) -> None:
    # Pointed at a closed port: a refusal (4), not a network error (3), proves nothing was sent.
    for store, token, product, currency in (
        ("amazon", "sbx-amazon-0008", "com.example.coins.1000", "USD"),
        ("huawei", "sbx-huawei-0009", "coins_1000", "EUR"),
    ):
        run = cli(
            "consume",
            token,
            "--store",
            store,
            "--product-id",
            product,
            "--currency",
            currency,
            "--yes",
            "--base-url",
            CLOSED_PORT,
            NOWGG_CONSOLE_API_KEY="some-key-123456",
        )
        assert run.code == 4, run.out
        assert "consumed on the game client" in run.out


def test_multi_store_consume_sends_the_store_fields(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli(
        "consume",
        "sbx-xiaomi-0006",
        "--store",
        "xiaomi",
        "--product-id",
        "com.example.gems.500",
        "--currency",
        "INR",
        "--yes",
        "--developer-payload",
        "ticket-4711",
    )
    assert run.code == 0, run.out
    order = sandbox.state.get("sbx-xiaomi-0006")
    assert order is not None and order.data["developerPayload"] == "ticket-4711"


def test_dry_run_sends_nothing_and_masks_the_key(cli: CliRunner) -> None:
    key = "live-secret-key-9876"
    run = cli(
        "consume",
        "sbx-paid-unconsumed-0001",
        "--dry-run",
        "--base-url",
        CLOSED_PORT,
        NOWGG_CONSOLE_API_KEY=key,
    )
    assert run.code == 0, run.out + run.err
    assert "POST http://127.0.0.1:9/v2/order/consumePurchase" in run.out
    assert "purchaseToken=sbx-paid-unconsumed-0001" in run.out
    assert "••••9876" in run.out
    assert key not in run.out + run.err
    assert '"Authorization: $NOWGG_CONSOLE_API_KEY"' in run.out


def test_a_lost_reply_is_settled_by_verifying(served_cli: CliRunner) -> None:
    run = served_cli("consume", "sbx-fault-consume-reply-lost", "--yes", "--timeout", "0.5")
    assert run.code == 0, run.out
    assert "outcome was unknown" in run.out
    assert "it did go through" in run.out


def test_a_consume_that_never_took_effect_says_so(served_cli: CliRunner) -> None:
    run = served_cli("consume", "sbx-fault-consume-never-applied", "--yes", "--timeout", "0.5")
    assert run.code == 3
    assert "did not take effect" in run.out
    assert "safe to consume again, once" in run.out


def test_consume_json_reports_status_and_proof(served_cli: CliRunner) -> None:
    run = served_cli("consume", "sbx-test-order-0005", "--yes", "--json")
    body = run.json()
    assert isinstance(body, dict)
    assert body["status"] == "consumed"
    assert body["proof"]["decoded"]["consumptionState"] == "1 · Consumed"
    assert body["plan"]["check"]["decoded"]["consumptionState"] == "0 · Not consumed"


def test_success_contradicted_by_the_proof_is_reported_with_exit_3(
    tmp_path: Path, hostile: HostileServer
) -> None:
    # now.gg answers the consume with success, yet verifying afterwards shows Not consumed.
    hostile.reply_for_path(CONSUME_PATH, SUCCESS)
    run = hostile_cli(
        tmp_path, hostile, "consume", TOKEN, "--yes", "--base-url", hostile.url, "--json"
    )
    assert run.code == 3, run.out + run.err
    body = run.json()
    assert isinstance(body, dict)
    assert (body["ok"], body["status"]) == (False, "contradiction")
    assert body["summary"].startswith(
        "now.gg said success but verifying shows 0 · Not consumed: the two disagree"
    )
    assert "Do not consume again" in body["summary"]
    assert body["proof"]["decoded"]["consumptionState"] == "0 · Not consumed"
    assert body["historyEntry"] == the_unresolved(tmp_path).id  # left for history resolve

    # A second consume from another process is refused while this outcome is unknown: the
    # entry above is the team-wide marker. Forced, it goes through to the same verdict.
    consumes_sent = _consumes(hostile)
    again = hostile_cli(tmp_path, hostile, "consume", TOKEN, "--yes", "--base-url", hostile.url)
    assert again.code == 4, again.out + again.err
    assert _consumes(hostile) == consumes_sent
    assert "consume of this token from" in again.out
    assert "is in flight or of unknown outcome" in again.out
    assert "Nothing was sent." in again.out
    text = hostile_cli(
        tmp_path, hostile, "consume", TOKEN, "--yes", "--force", "--base-url", hostile.url
    )
    assert text.code == 3, text.out + text.err
    assert "now.gg said success but verifying shows 0 · Not consumed" in text.out
    assert "outcome unknown: do not consume again" in text.out


def _consumes(hostile: HostileServer) -> int:
    return sum(1 for received in hostile.requests if received.path.endswith(CONSUME_PATH))
