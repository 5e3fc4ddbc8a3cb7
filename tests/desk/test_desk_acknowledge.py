"""The desk's acknowledge against the loopback sandbox: look up first, judge the deadline on
an injected clock, refuse unpaid or late (force is deliberate), write ahead, send once, put
every attempt on record, and explain an unknown outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.desk import AcknowledgeStatus, Desk, Recorder, RefusalReason, WriteAhead
from console.history import (
    Action,
    HistoryEntry,
    HistoryFilter,
    HistoryStore,
    HistoryUnavailable,
    Outcome,
)
from console.payments import PurchaseQuery
from console.payments.wire import ACKNOWLEDGE_PATH
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver
from tests.hostile_server import HOSTILE_KEY, HostileServer, Reply, json_reply, purchase_envelope


def _purchased(sandbox: SandboxServer, token: str) -> datetime:
    order = sandbox.state.get(token)
    assert order is not None
    return datetime.fromtimestamp(int(str(order.data["purchaseTime"])) / 1000, UTC)


def _history(desk: Desk) -> list[HistoryEntry]:
    assert desk.recorder is not None
    store = desk.recorder.history.get()
    assert store is not None
    return list(store.search(HistoryFilter(action=Action.ACKNOWLEDGE)))


async def test_a_fresh_subscription_is_acknowledged_once_and_on_record(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    plan = await qa_desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert plan.allowed and plan.check is not None and plan.deadline is not None
    assert 70 <= plan.deadline.hours_left <= 71  # bought an hour ago, 3 days to go
    outcome = await qa_desk.acknowledge(plan)
    assert outcome.status is AcknowledgeStatus.ACKNOWLEDGED, outcome.summary
    assert outcome.reply is not None and outcome.reply["code"] == 0
    assert outcome.history_entry is not None
    subscription = sandbox.state.subscription(seeded.FRESH_TOKEN)
    assert subscription is not None and subscription.acknowledged_ms is not None
    (entry,) = _history(qa_desk)
    assert entry.outcome is Outcome.OK and entry.code == 0
    assert entry.request is not None
    assert str(entry.request["url"]).endswith(ACKNOWLEDGE_PATH)
    # Again: the guards pass (verify cannot tell), now.gg answers 5002, nothing doubled.
    again = await qa_desk.acknowledge(
        await qa_desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    )
    assert again.status is AcknowledgeStatus.FAILED
    assert again.failure is not None and again.failure.api_code == 5002
    assert "already acknowledged" in again.summary


async def test_the_past_deadline_one_is_refused_and_force_gets_now_ggs_5004(
    qa_desk: Desk,
) -> None:
    refused = await qa_desk.check_acknowledge(PurchaseQuery(seeded.PAST_DEADLINE_TOKEN))
    assert refused.refusal is not None
    assert refused.refusal.reason is RefusalReason.PAST_DEADLINE
    assert refused.refusal.forceable and "5004" in refused.refusal.message
    forced = await qa_desk.check_acknowledge(PurchaseQuery(seeded.PAST_DEADLINE_TOKEN), force=True)
    assert forced.allowed and forced.forced
    assert forced.overridden is not None
    outcome = await qa_desk.acknowledge(forced)
    assert outcome.failure is not None and outcome.failure.api_code == 5004
    kinds = [(entry.outcome, entry.code) for entry in _history(qa_desk)]
    assert kinds == [(Outcome.API, 5004), (Outcome.REFUSED, None)]


async def test_the_deadline_boundary_on_a_frozen_clock(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    token = seeded.NEAR_DEADLINE_TOKEN
    deadline = _purchased(sandbox, token) + timedelta(days=3)
    just_before = await qa_desk.check_acknowledge(
        PurchaseQuery(token), clock=lambda: deadline - timedelta(milliseconds=1)
    )
    at_it = await qa_desk.check_acknowledge(PurchaseQuery(token), clock=lambda: deadline)
    assert just_before.allowed
    assert at_it.refusal is not None and at_it.refusal.reason is RefusalReason.PAST_DEADLINE


async def test_every_other_seeded_subscription_gets_its_code(qa_desk: Desk) -> None:
    for token, code in (
        (seeded.NEAR_DEADLINE_TOKEN, None),
        (seeded.ACKNOWLEDGED_TOKEN, 5002),
        (seeded.NOT_A_SUBSCRIPTION_TOKEN, 5001),
        (seeded.USER_HAS_ONE_TOKEN, 5006),
        (seeded.CANCELLED_BY_USER_TOKEN, 5002),
    ):
        # Those bought more than 3 days ago need the deliberate force to be sent at all.
        plan = await qa_desk.check_acknowledge(PurchaseQuery(token), force=True)
        assert plan.allowed, (token, plan.refusal)
        late = token in (seeded.ACKNOWLEDGED_TOKEN, seeded.CANCELLED_BY_USER_TOKEN)
        assert plan.forced is late, token
        outcome = await qa_desk.acknowledge(plan)
        got = outcome.failure.api_code if outcome.failure else None
        assert got == code, (token, outcome.summary)
        if code is not None:
            assert outcome.failure is not None
            assert outcome.failure.explanation.code == code
            assert outcome.failure.explanation.next_steps


async def test_unpaid_is_refused_before_anything_is_sent(qa_desk: Desk) -> None:
    plan = await qa_desk.check_acknowledge(PurchaseQuery("sbx-unpaid-0003"))
    assert plan.refusal is not None and plan.refusal.reason is RefusalReason.UNPAID
    assert plan.refusal.forceable


async def test_a_read_only_environment_sends_nothing(sandbox: SandboxServer) -> None:
    environment = Environment(
        name="qa", base_url=sandbox.url, label="QA", colour="yellow", read_only=True
    )
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    async with Desk(environment, keys=keys) as desk:
        plan = await desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert plan.refusal is not None and plan.refusal.reason is RefusalReason.READ_ONLY
    assert plan.check is None
    subscription = sandbox.state.subscription(seeded.FRESH_TOKEN)
    assert subscription is not None and subscription.acknowledged_ms is None


async def test_with_the_history_off_nothing_is_sent(sandbox: SandboxServer) -> None:
    environment = Environment(name="qa", base_url=sandbox.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    off = HistoryUnavailable("the history database /x is read-only", "make /x writable")
    async with Desk(environment, keys=keys, write_ahead=WriteAhead(None, "a", problem=off)) as d:
        plan = await d.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert plan.refusal is not None
    assert plan.refusal.reason is RefusalReason.HISTORY_UNAVAILABLE
    assert "the acknowledge was not sent" in plan.refusal.message
    assert plan.check is None


async def test_an_unknown_outcome_is_recorded_and_explained(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.default = json_reply(purchase_envelope(purchaseTime=_millis(datetime.now(UTC))))
    hostile.reply_for_path(ACKNOWLEDGE_PATH, Reply(body=b'{"success": true,', close_early=5))
    environment = Environment(name="qa", base_url=hostile.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): HOSTILE_KEY})
    with HistoryStore(tmp_path / "h" / "history.sqlite3") as history:
        async with Desk(environment, keys=keys, recorder=Recorder(history, "qa")) as desk:
            plan = await desk.check_acknowledge(PurchaseQuery("sub-token-1234"))
            assert plan.allowed, plan.refusal
            outcome = await desk.acknowledge(plan)
        entries = history.search(HistoryFilter(action=Action.ACKNOWLEDGE))
    assert outcome.status is AcknowledgeStatus.UNKNOWN
    assert "Verifying cannot tell" in outcome.summary and "5002" in outcome.summary
    assert outcome.failure is not None
    assert "verifyPurchase does not say" in outcome.failure.explanation.next_steps[0]
    acknowledges = [r for r in hostile.requests if r.path.endswith("acknowledgepurchase")]
    assert len(acknowledges) == 1  # sent once, never retried
    (entry,) = entries
    assert entry.outcome is Outcome.UNKNOWN and entry.id == outcome.history_entry


def _millis(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


async def test_resolve_names_an_unknown_acknowledge_and_what_a_later_one_told(
    tmp_path: Path,
) -> None:
    from console.desk.acknowledge_resolving import unknown_acknowledges

    def entry(outcome: Outcome, code: int | None, minutes: int) -> HistoryEntry:
        return HistoryEntry(
            id=None,
            at=datetime.now(UTC) - timedelta(minutes=minutes),
            operator="qa",
            environment="qa",
            host="127.0.0.1",
            action=Action.ACKNOWLEDGE,
            token="sub-token-1234",
            store="nowgg",
            outcome=outcome,
            code=code,
        )

    with HistoryStore(tmp_path / "h" / "history.sqlite3") as history:
        history.record(entry(Outcome.UNKNOWN, None, 30))
        (alone,) = await unknown_acknowledges(history)
        assert "cannot be settled by verifying" in alone.message
        assert "nowgg-console acknowledge sub-token-1234" in alone.message
        history.record(entry(Outcome.API, 5002, 10))
        (told,) = await unknown_acknowledges(history)
    assert "answered 5002" in told.message and told.entry.id == alone.entry.id
