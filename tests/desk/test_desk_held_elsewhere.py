"""A consume or acknowledge of a token another console holds (its write-ahead entry pending or
of unknown outcome) is refused with who, where, when, which environment and ticket — at the
check, before anything is asked or sent, and again at the write-ahead when the other console
got there in between; the refused attempt is on record with its target; force sends anyway.
The other console is an entry written ahead under another process's name, as a second console
would leave it in the shared file."""

from __future__ import annotations

from datetime import UTC, datetime

from console.desk import AcknowledgeStatus, ConsumeStatus, Desk, RefusalReason
from console.history import Action, HistoryEntry, HistoryFilter, HistoryStore, Outcome
from console.payments import PurchaseQuery
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer

PAID = "sbx-paid-unconsumed-0001"
AT = datetime(2026, 12, 1, 13, 5, 42, tzinfo=UTC)


def _store(desk: Desk) -> HistoryStore:
    assert desk.recorder is not None
    store = desk.recorder.history.get()
    assert store is not None
    return store


def _held_by_alice(desk: Desk, token: str, action: Action = Action.CONSUME) -> int:
    """Alice's console, another process on desk-1, wrote this write ahead and never finished."""
    return _store(desk).begin(
        HistoryEntry(
            id=None,
            at=AT,
            operator="alice",
            environment="qa",
            host="sandbox.local",
            action=action,
            token=token,
            store="nowgg",
            note="ZD-1234",
            owner_host="desk-1",
            owner_pid=1,  # never this test's process
        )
    )


def _consumed(sandbox: SandboxServer, token: str) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data.get("consumptionState") == 1


async def test_a_consume_alice_holds_is_refused_at_the_check_naming_her(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    held = _held_by_alice(qa_desk, PAID)
    plan = await qa_desk.check_consume(PurchaseQuery(PAID), note="ZD-9")
    assert not plan.allowed and plan.check is None  # not even the verify was sent
    refusal = plan.refusal
    assert refusal is not None
    assert refusal.reason is RefusalReason.HELD_ELSEWHERE and refusal.forceable
    assert refusal.message == (
        "alice's consume of this token from desk-1 at 13:05 UTC on qa (ticket ZD-1234) is in "
        "flight or of unknown outcome — wait for it or run `history resolve`"
    )
    assert not _consumed(sandbox, PAID)
    # The refused attempt is on record: its target, the guard, the operator's own ticket.
    (refused,) = _store(qa_desk).search(
        HistoryFilter(action=Action.CONSUME, operator="qa-operator")
    )
    assert (refused.outcome, refused.guard) == (Outcome.REFUSED, "held_elsewhere")
    assert (refused.token, refused.environment, refused.note) == (PAID, "qa", "ZD-9")
    held_entry = _store(qa_desk).get(held)
    assert held_entry is not None and held_entry.pending  # alice's marker is left alone


async def test_alice_writing_ahead_after_the_check_is_caught_by_the_write_ahead(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    # Bob's check passed; alice's console wrote its entry before bob's consume was written
    # ahead: the write-ahead's own check (one transaction) refuses, nothing is sent.
    plan = await qa_desk.check_consume(PurchaseQuery(PAID), note="ZD-9")
    assert plan.allowed
    _held_by_alice(qa_desk, PAID)
    outcome = await qa_desk.consume(plan, note="ZD-9")
    assert outcome.status is ConsumeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.reason is RefusalReason.HELD_ELSEWHERE and outcome.refusal.forceable
    assert outcome.refusal.message.startswith("alice's consume of this token from desk-1")
    assert outcome.history_entry is None
    assert not _consumed(sandbox, PAID)
    (refused,) = _store(qa_desk).search(
        HistoryFilter(action=Action.CONSUME, operator="qa-operator")
    )
    assert (refused.outcome, refused.guard, refused.token) == (
        Outcome.REFUSED,
        "held_elsewhere",
        PAID,
    )


async def test_force_sends_a_consume_another_console_holds(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    _held_by_alice(qa_desk, PAID)
    plan = await qa_desk.check_consume(PurchaseQuery(PAID), force=True)
    outcome = await qa_desk.consume(plan)
    assert outcome.status is ConsumeStatus.CONSUMED, outcome.summary
    assert _consumed(sandbox, PAID)


async def test_a_held_token_on_another_environment_does_not_refuse(qa_desk: Desk) -> None:
    store = _store(qa_desk)
    store.begin(
        HistoryEntry(
            id=None,
            at=AT,
            operator="alice",
            environment="production",
            host="payments.now.gg",
            action=Action.CONSUME,
            token=PAID,
            store="nowgg",
            owner_host="desk-1",
            owner_pid=1,
        )
    )
    outcome = await qa_desk.consume(await qa_desk.check_consume(PurchaseQuery(PAID)))
    assert outcome.status is ConsumeStatus.CONSUMED, outcome.summary


async def test_an_acknowledge_alice_holds_is_refused_and_on_record(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    _held_by_alice(qa_desk, seeded.FRESH_TOKEN, Action.ACKNOWLEDGE)
    plan = await qa_desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert not plan.allowed and plan.refusal is not None
    assert plan.refusal.reason is RefusalReason.HELD_ELSEWHERE
    assert plan.refusal.message.startswith("alice's acknowledge of this token from desk-1")
    subscription = sandbox.state.subscription(seeded.FRESH_TOKEN)
    assert subscription is not None and subscription.acknowledged_ms is None
    (refused,) = _store(qa_desk).search(
        HistoryFilter(action=Action.ACKNOWLEDGE, operator="qa-operator")
    )
    assert (refused.outcome, refused.guard) == (Outcome.REFUSED, "held_elsewhere")
    forced = await qa_desk.acknowledge(
        await qa_desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN), force=True)
    )
    assert forced.status is AcknowledgeStatus.ACKNOWLEDGED, forced.summary


async def test_an_acknowledge_written_ahead_after_the_check_is_refused(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    plan = await qa_desk.check_acknowledge(PurchaseQuery(seeded.FRESH_TOKEN))
    assert plan.allowed
    _held_by_alice(qa_desk, seeded.FRESH_TOKEN, Action.ACKNOWLEDGE)
    outcome = await qa_desk.acknowledge(plan)
    assert outcome.status is AcknowledgeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.reason is RefusalReason.HELD_ELSEWHERE
    subscription = sandbox.state.subscription(seeded.FRESH_TOKEN)
    assert subscription is not None and subscription.acknowledged_ms is None
    (refused,) = _store(qa_desk).search(
        HistoryFilter(action=Action.ACKNOWLEDGE, operator="qa-operator")
    )
    assert refused.guard == "held_elsewhere"
