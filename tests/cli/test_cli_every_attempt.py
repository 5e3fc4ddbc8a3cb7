"""Every consume the command line refuses, cancels or sends is on record with its target and
its category; `history resolve` says what waits in the grace window and `--now` settles it;
`--json` keeps one shape; `verify --all-envs` exits as `verify` does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.cli.json_write import CONSUME_KEYS
from console.history import Action, HistoryStore
from console.sandbox.server import SandboxServer
from console.settings.environments import adhoc_environment
from tests.cli.cli_runner import CliRunner, run_cli
from tests.cli.in_flight_consumes import history_path
from tests.cli.terminal_runner import run_in_terminal
from tests.history.history_entries import make_history_entry

PAID = "sbx-paid-unconsumed-0001"


def _history(home: Path) -> list[dict[str, Any]]:
    run = run_cli(home, "history", "--json")
    assert run.code == 0, run.err
    body = run.json()
    assert isinstance(body, dict)
    entries: list[dict[str, Any]] = body["entries"]
    return entries


def _read_only(home: Path, url: str) -> None:
    config = home / "config" / "nowgg-console" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[environments.qa]\nbase_url = "{url}"\nread_only = true\n', encoding="utf-8"
    )


def test_refusals_before_any_request_are_on_record_with_the_full_target(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    _read_only(tmp_path, sandbox.url)
    key = {"NOWGG_CONSOLE_API_KEY_QA": sandbox.api_key}
    read_only = run_cli(tmp_path, "consume", PAID, "--env", "qa", "--yes", "--json", env=key)
    huawei = run_cli(
        tmp_path, "consume", "tok-huawei", "--store", "huawei", "--currency", "USD", "--yes"
    )
    assert (read_only.code, huawei.code) == (4, 2)
    body = read_only.json()
    assert isinstance(body, dict) and list(body) == list(CONSUME_KEYS)
    assert (body["status"], body["category"]) == ("refused", "refused")
    assert body["plan"]["refusal"]["reason"] == "read_only"
    newest, oldest = _history(tmp_path)
    assert (oldest["token"], oldest["store"], oldest["environment"]) == (PAID, "nowgg", "qa")
    assert (oldest["outcome"], oldest["guard"]) == ("refused", "read_only")
    assert oldest["host"] == sandbox.url.split("/")[2]
    assert (newest["token"], newest["store"], newest["currency"]) == (
        "tok-huawei",
        "huawei",
        "USD",
    )
    assert (newest["outcome"], newest["guard"]) == ("refused", "invalid_input")


def test_no_terminal_to_confirm_on_is_a_refusal_on_record(
    served_cli: CliRunner, tmp_path: Path
) -> None:
    run = served_cli("consume", PAID, "--json", "--note", "ZD-7")
    assert run.code == 4
    body = run.json()
    assert isinstance(body, dict) and list(body) == list(CONSUME_KEYS)
    assert body["refusal"]["reason"] == "not_confirmed" and body["plan"]["check"] is not None
    consume = next(entry for entry in _history(tmp_path) if entry["action"] == "consume")
    assert (consume["token"], consume["guard"], consume["note"]) == (PAID, "not_confirmed", "ZD-7")


def test_consume_json_has_the_same_keys_whatever_happens(served_cli: CliRunner) -> None:
    consumed = served_cli("consume", PAID, "--yes", "--json")
    refused = served_cli("consume", PAID, "--yes", "--json")
    dry_run = served_cli("consume", PAID, "--dry-run", "--json")
    bodies = [consumed.json(), refused.json(), dry_run.json()]
    assert all(isinstance(body, dict) and list(body) == list(CONSUME_KEYS) for body in bodies)
    assert [body["category"] for body in bodies if isinstance(body, dict)] == [
        "ok",
        "refused",
        "ok",
    ]


def test_a_dry_run_needs_no_key(cli: CliRunner) -> None:
    run = cli("consume", PAID, "--base-url", "https://payments.example.test/", "--dry-run")
    assert run.code == 0, run.err
    assert "Authorization: <no key set>" in run.out
    assert '"Authorization: $NOWGG_CONSOLE_API_KEY"' in run.out
    assert "No key is set" in run.out


def test_resolve_says_what_waits_in_the_grace_window_and_now_settles_it(
    served_cli: CliRunner, tmp_path: Path, sandbox: SandboxServer
) -> None:
    adhoc = adhoc_environment(sandbox.url)
    path = history_path(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(path) as store:
        entry_id = store.begin(
            make_history_entry(
                action=Action.CONSUME,
                environment=adhoc.name,
                host=adhoc.host,
                token=PAID,
                at=datetime.now(UTC),
                deadline_s=30.0,
            )
        )
    waiting = served_cli("history", "resolve")
    assert waiting.code == 0
    assert "grace window" in waiting.out and "--now" in waiting.out
    assert f"entry {entry_id}, resolvable from" in waiting.out
    now = served_cli("history", "resolve", "--now")
    assert now.code == 0, now.out + now.err
    assert "the consume did not take effect" in now.out and "proof: entry" in now.out
    rows = _history(tmp_path)
    consume = next(row for row in rows if row["id"] == entry_id)
    assert consume["settlement"] == "not_consumed" and consume["resolvedAt"] is not None
    assert consume["proofEntry"] is not None
    assert [row["provesEntry"] for row in rows if row["id"] != entry_id] == [entry_id]


def test_verify_all_envs_exits_as_verify_for_the_environment_asked(cli: CliRunner) -> None:
    # sandbox knows the token nowhere else here, so only the exit code is in question: 3901.
    run = cli("verify", "sbx-no-such-token-0099", "--all-envs", "--json")
    assert run.code == 1
    body = run.json()
    assert isinstance(body, dict) and body["error"]["code"] == 3901
    assert isinstance(body["elsewhere"], list)


def test_a_no_at_the_prompt_is_a_cancellation_on_record(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    run = run_in_terminal(
        tmp_path,
        "consume",
        PAID,
        "--base-url",
        sandbox.url,
        typed=b"n\n",
        NOWGG_CONSOLE_API_KEY=sandbox.api_key,
    )
    assert run.code == 4, run.out
    assert "Cancelled at the confirmation; nothing was sent." in run.out
    consume = next(entry for entry in _history(tmp_path) if entry["action"] == "consume")
    assert (consume["token"], consume["outcome"]) == (PAID, "cancelled")
    order = sandbox.state.get(PAID)
    assert order is not None and order.data["consumptionState"] == 0
