"""The words a lookup shows for who else touched a purchase: every write by anyone, verifies
by other operators, newest first, a few named and the rest counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from console.desk.team_activity import others_touched, touch_words
from console.history import Action, HistoryEntry, Outcome, Settlement

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def _entry(
    entry_id: int, action: Action, operator: str, minutes_ago: int, **fields: object
) -> HistoryEntry:
    return HistoryEntry(
        id=entry_id,
        at=NOW - timedelta(minutes=minutes_ago),
        operator=operator,
        environment="production",
        host="payments-api.now.gg",
        action=action,
        token="tok",
        store="nowgg",
        **fields,  # type: ignore[arg-type]
    )


def test_the_words_say_what_who_when_where_and_the_ticket() -> None:
    consumed = _entry(1, Action.CONSUME, "alice", 295, outcome=Outcome.OK, note="ZD-1234")
    assert touch_words(consumed, NOW) == (
        "consumed by alice at 13:05 UTC on production · ticket ZD-1234"
    )
    yesterday = replace(consumed, at=NOW - timedelta(days=1), note=None)
    assert touch_words(yesterday, NOW) == "consumed by alice at 2026-11-30 18:00 UTC on production"
    cases = {
        "consume in flight": dict(pending=True),
        "consume of unknown outcome": dict(outcome=Outcome.UNKNOWN),
        "consumed (settled by verifying)": dict(
            outcome=Outcome.UNKNOWN, settlement=Settlement.CONSUMED, resolved_at=NOW
        ),
        "consume that did not take effect": dict(
            outcome=Outcome.UNKNOWN, settlement=Settlement.NOT_CONSUMED, resolved_at=NOW
        ),
        "refused consume": dict(outcome=Outcome.REFUSED, guard="held_elsewhere"),
        "cancelled consume": dict(outcome=Outcome.CANCELLED),
        "failed consume (api)": dict(outcome=Outcome.API),
    }
    for words, fields in cases.items():
        entry = replace(_entry(2, Action.CONSUME, "bob", 1), **fields)  # type: ignore[arg-type]
        assert touch_words(entry, NOW).startswith(f"{words} by bob at 17:59 UTC"), words
    acknowledged = _entry(3, Action.ACKNOWLEDGE, "carol", 1, outcome=Outcome.OK)
    assert touch_words(acknowledged, NOW).startswith("acknowledged by carol")
    # A note of many lines reads as one; its text is kept as it is (front ends escape it).
    noted = replace(consumed, note="ZD-1\n\x1b[2J  call back")
    assert touch_words(noted, NOW).endswith("· ticket ZD-1 \x1b[2J call back")


def test_own_verifies_and_proofs_are_left_out_and_the_rest_counted() -> None:
    entries = [
        _entry(1, Action.VERIFY, "me", 1),  # this very lookup
        _entry(2, Action.VERIFY, "alice", 2, proves_entry=3),  # her consume's proof
        _entry(3, Action.CONSUME, "alice", 3, outcome=Outcome.OK),
        _entry(4, Action.CONSUME, "me", 4, outcome=Outcome.REFUSED),
        _entry(5, Action.VERIFY, "bob", 5),
        _entry(6, Action.RESOLVE, "me", 6),
        _entry(3, Action.CONSUME, "alice", 3, outcome=Outcome.OK),  # found by order id too
        _entry(7, Action.VERIFY, "me", 7),
    ]
    found = others_touched(entries, operator="me", now=NOW)
    assert [touch.entry.id for touch in found.touches] == [3, 4, 5]
    assert found.more == 1
    assert found.lines()[-1].startswith("and 1 more")
    assert others_touched(entries[:1], operator="me", now=NOW).empty
    assert others_touched(entries[:1], operator="me", now=NOW).lines() == []


def test_a_spooled_entry_says_the_team_cannot_see_it_yet_and_a_held_one_too() -> None:
    from console.desk.held_elsewhere import held_words

    spooled = _entry(-3, Action.CONSUME, "alice", 5, pending=True, note="ZD-9")
    assert touch_words(spooled, NOW) == (
        "consume in flight by alice at 17:55 UTC on production · ticket ZD-9 · "
        "spooled — not yet on the shared server"
    )
    assert "(spooled — not yet on the shared server) is in flight" in held_words(spooled)
    on_server = replace(spooled, id=3)
    assert "spooled" not in touch_words(on_server, NOW) + held_words(on_server)
