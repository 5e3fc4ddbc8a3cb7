"""`nowgg-console acknowledge`, run as a user runs it: every seeded subscription of the
loopback sandbox, the deadline before and now.gg's answer after, refusals, consent, dry run,
the JSON shape, and an unknown outcome on record that `history resolve` names."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.cli.confirm import ask_consent
from console.desk import Desk, Recorder
from console.history import HistoryStore
from console.payments.query import PurchaseQuery
from console.payments.wire import ACKNOWLEDGE_PATH
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver
from tests.cli.cli_runner import CliRunner, run_cli
from tests.hostile_server import HOSTILE_KEY, HostileServer, Reply, json_reply, purchase_envelope


def _acknowledged(sandbox: SandboxServer, token: str) -> bool:
    subscription = sandbox.state.subscription(token)
    assert subscription is not None
    return subscription.acknowledged_ms is not None


def test_a_fresh_subscription_shows_its_deadline_then_now_ggs_answer(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli("acknowledge", seeded.FRESH_TOKEN, "--yes")
    assert run.code == 0, run.out + run.err
    deadline = run.out.index("Acknowledge by: ")
    answer = run.out.index("Acknowledged: now.gg answered success")
    assert deadline < answer
    assert "2 d 22 h left" in run.out or "2 d 23 h left" in run.out
    assert '{"success": true, "code": 0, "codeMsg": "success", "data": {}}' in run.out
    assert _acknowledged(sandbox, seeded.FRESH_TOKEN)
    # Once more: sent (verifying cannot tell it is done), answered 5002, nothing doubled.
    again = served_cli("acknowledge", seeded.FRESH_TOKEN, "--yes")
    assert again.code == 1
    assert "5002" in again.out and "already acknowledged" in again.out


def test_the_expired_one_is_refused_with_an_explanation(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli("acknowledge", seeded.PAST_DEADLINE_TOKEN, "--yes")
    assert run.code == 4
    assert "Refused: the 3-day deadline to acknowledge has passed" in run.out
    assert "passed 1 d ago" in run.out and "--force overrides" in run.out
    forced = served_cli("acknowledge", seeded.PAST_DEADLINE_TOKEN, "--yes", "--force")
    assert forced.code == 1
    assert "FORCED" in forced.err
    assert "5004 · SUBSCRIPTION_INACTIVE" in forced.out
    assert "not acknowledged within 3 days" in forced.out  # the catalog's cause


@pytest.mark.parametrize(
    ("token", "code", "words"),
    [
        (seeded.NEAR_DEADLINE_TOKEN, 0, "before the deadline"),
        (seeded.NOT_A_SUBSCRIPTION_TOKEN, 1, "5001 · NO_VALID_SUBSCRIPTION_FOUND"),
        (seeded.USER_HAS_ONE_TOKEN, 1, "5006 · ACTIVE_SUBSCRIPTION_ALREADY_EXISTS"),
        (seeded.ACKNOWLEDGED_TOKEN, 1, "5002 · INVALID_SUBSCRIPTION_OPERATION"),
        (seeded.CANCELLED_BY_USER_TOKEN, 1, "5002 · INVALID_SUBSCRIPTION_OPERATION"),
    ],
)
def test_every_other_seeded_subscription_gets_its_answer(
    served_cli: CliRunner, token: str, code: int, words: str
) -> None:
    # The last two were bought weeks ago: past their deadline, so sent only when forced.
    run = served_cli("acknowledge", token, "--yes", "--force")
    assert run.code == code, run.out + run.err
    assert words in run.out, run.out


def test_without_a_terminal_and_without_yes_nothing_is_sent(
    served_cli: CliRunner, sandbox: SandboxServer
) -> None:
    run = served_cli("acknowledge", seeded.FRESH_TOKEN)
    assert run.code == 4 and "no terminal to confirm on" in run.out
    assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)


def test_json_has_the_stable_shape_and_the_history_the_entry(
    served_cli: CliRunner, tmp_path: Path
) -> None:
    run = served_cli("acknowledge", seeded.NEAR_DEADLINE_TOKEN, "--yes", "--json")
    assert run.code == 0, run.err
    body = run.json()
    assert isinstance(body, dict)
    assert (body["ok"], body["status"]) == (True, "acknowledged")
    deadline = body["plan"]["deadline"]
    assert deadline["hoursLeft"] == 1 and deadline["urgency"] == "urgent"
    assert not deadline["passed"]
    assert body["reply"] == {"success": True, "code": 0, "codeMsg": "success", "data": {}}
    assert body["plan"]["request"]["form"] == {"purchaseToken": seeded.NEAR_DEADLINE_TOKEN}
    listed = run_cli(tmp_path, "history", "--action", "acknowledge", "--json").json()
    assert isinstance(listed, dict)
    (entry,) = listed["entries"]
    assert (entry["action"], entry["outcome"], entry["id"]) == (
        "acknowledge",
        "ok",
        body["historyEntry"],
    )


def test_a_dry_run_sends_nothing(served_cli: CliRunner, sandbox: SandboxServer) -> None:
    run = served_cli("acknowledge", seeded.FRESH_TOKEN, "--dry-run")
    assert run.code == 0
    assert f"POST {sandbox.url}{ACKNOWLEDGE_PATH}" in run.out
    assert f"purchaseToken={seeded.FRESH_TOKEN}" in run.out
    assert sandbox.api_key not in run.out
    assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)


def test_an_unknown_outcome_stays_on_record_and_resolve_says_why(
    hostile: HostileServer, tmp_path: Path
) -> None:
    now_ms = str(int(datetime.now(UTC).timestamp() * 1000))
    hostile.default = json_reply(purchase_envelope(purchaseTime=now_ms))
    hostile.reply_for_path(ACKNOWLEDGE_PATH, Reply(body=b'{"success": true,', close_early=4))
    key = {"NOWGG_CONSOLE_API_KEY": HOSTILE_KEY}
    run = run_cli(
        tmp_path, "acknowledge", "hostile-token", "--yes", "--base-url", hostile.url, env=key
    )
    assert run.code == 3, run.out + run.err
    assert "outcome is unknown" in run.out and "Verifying cannot tell" in run.out
    sent = [r for r in hostile.requests if r.path == "/" + ACKNOWLEDGE_PATH]
    assert len(sent) == 1
    resolve = run_cli(tmp_path, "history", "resolve", env=key)
    assert resolve.code == 0, resolve.out + resolve.err
    assert "acknowledge entry" in resolve.out
    assert "cannot be settled by verifying" in resolve.out


async def test_production_asks_for_the_order_ids_last_four(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    environment = Environment(name="qa", base_url=sandbox.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        async with Desk(environment, keys=keys, recorder=Recorder(history, "qa")) as desk:
            plan = await desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert plan.check is not None and plan.check.decoded is not None
    order_id = str(plan.check.decoded.purchase.order_id)
    err = io.StringIO()
    assert ask_consent(plan, environment, "h", io.StringIO("y\n"), err)
    assert "Acknowledge this subscription? [y/N]" in err.getvalue()
    assert "deadline     " in err.getvalue()
    production = replace(environment, production=True)
    assert not ask_consent(plan, production, "h", io.StringIO("y\n"), io.StringIO())
    assert ask_consent(plan, production, "h", io.StringIO(order_id[-4:] + "\n"), io.StringIO())
