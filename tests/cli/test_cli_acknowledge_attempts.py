"""Every acknowledge the command line refuses, cancels or sends is on record like a consume's:
its full target, its outcome category and, for a refusal, the guard — and `--json` keeps one
shape whatever happens (each run is validated against schemas/acknowledge.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from console.cli.json_write import ACKNOWLEDGE_KEYS
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner, run_cli
from tests.cli.terminal_runner import run_in_terminal


def _acknowledges(home: Path) -> list[dict[str, Any]]:
    run = run_cli(home, "history", "--action", "acknowledge", "--json")
    assert run.code == 0, run.err
    body = run.json()
    assert isinstance(body, dict)
    entries: list[dict[str, Any]] = body["entries"]
    return entries


def _acknowledged(sandbox: SandboxServer, token: str) -> bool:
    subscription = sandbox.state.subscription(token)
    assert subscription is not None
    return subscription.acknowledged_ms is not None


def test_each_guards_refusal_is_on_record_with_the_target_and_the_guard(
    served_cli: CliRunner, tmp_path: Path, sandbox: SandboxServer
) -> None:
    past = served_cli("acknowledge", seeded.PAST_DEADLINE_TOKEN, "--yes", "--json")
    no_terminal = served_cli("acknowledge", seeded.FRESH_TOKEN, "--json")
    assert (past.code, no_terminal.code) == (4, 4)
    for run, reason in ((past, "past_deadline"), (no_terminal, "not_confirmed")):
        body = run.json()
        assert isinstance(body, dict) and set(body) == set(ACKNOWLEDGE_KEYS)
        assert (body["status"], body["category"]) == ("refused", "refused")
        assert body["refusal"]["reason"] == reason
    entries = {entry["token"]: entry for entry in _acknowledges(tmp_path)}
    for token, guard in (
        (seeded.PAST_DEADLINE_TOKEN, "past_deadline"),
        (seeded.FRESH_TOKEN, "not_confirmed"),
    ):
        entry = entries[token]
        assert (entry["outcome"], entry["guard"]) == ("refused", guard)
        assert (entry["store"], entry["productId"]) == ("nowgg", None)
        assert entry["host"] and entry["environment"]
    assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)


def test_a_no_at_the_prompt_is_a_cancellation_on_record(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    run = run_in_terminal(
        tmp_path,
        "acknowledge",
        seeded.FRESH_TOKEN,
        "--base-url",
        sandbox.url,
        typed=b"n\n",
        NOWGG_CONSOLE_API_KEY=sandbox.api_key,
    )
    assert run.code == 4, run.out
    assert "Cancelled at the confirmation; nothing was sent." in run.out
    (entry,) = _acknowledges(tmp_path)
    assert (entry["token"], entry["outcome"], entry["store"]) == (
        seeded.FRESH_TOKEN,
        "cancelled",
        "nowgg",
    )
    assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)


def test_sent_ones_carry_their_category_answered_or_refused_by_now_gg(
    served_cli: CliRunner, tmp_path: Path
) -> None:
    ok = served_cli("acknowledge", seeded.FRESH_TOKEN, "--yes", "--json")
    refused = served_cli("acknowledge", seeded.NOT_A_SUBSCRIPTION_TOKEN, "--yes", "--json")
    assert (ok.code, refused.code) == (0, 1)
    body = refused.json()
    assert isinstance(body, dict)
    assert (body["status"], body["category"]) == ("failed", "api")
    assert body["error"]["operation"] == "acknowledge" and body["error"]["code"] == 5001
    outcomes = {entry["token"]: entry["outcome"] for entry in _acknowledges(tmp_path)}
    assert outcomes == {seeded.FRESH_TOKEN: "ok", seeded.NOT_A_SUBSCRIPTION_TOKEN: "api"}


def test_a_dry_run_without_a_key_shows_the_request_and_sends_nothing(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    run = run_cli(
        tmp_path, "acknowledge", seeded.FRESH_TOKEN, "--base-url", sandbox.url, "--dry-run"
    )
    assert run.code == 0, run.out + run.err
    assert "Authorization: <no key set>" in run.out and "NOWGG_CONSOLE_API_KEY" in run.out
    assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)
