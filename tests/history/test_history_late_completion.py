"""A consume's own outcome that arrives after `history resolve` settled it replaces the stale
resolution and says so in the row; an outcome that knows less (unknown) never does."""

from __future__ import annotations

from console.history import Action, HistoryStore, Outcome, Settlement
from tests.history.history_entries import EntryFactory

STALE = "verified: Not consumed — the consume did not take effect"


def test_a_late_outcome_supersedes_a_resolution(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry_id = store.begin(make_entry(action=Action.CONSUME))
    assert store.resolve(entry_id, settlement=Settlement.NOT_CONSUMED, resolution=STALE)
    superseded = store.complete(
        entry_id, outcome=Outcome.OK, code=0, reason="Consumed.", reply={"success": True}
    )
    assert superseded == STALE
    final = store.get(entry_id)
    assert final is not None
    assert (final.outcome, final.reason, final.pending) == (Outcome.OK, "Consumed.", False)
    assert final.resolution is not None
    assert final.resolution.startswith("superseded: history resolve had settled this entry")
    assert STALE in final.resolution and "replaced that resolution" in final.resolution


def test_an_unknown_late_outcome_leaves_the_resolution_standing(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry_id = store.begin(make_entry(action=Action.CONSUME))
    store.resolve(entry_id, settlement=Settlement.CONSUMED, resolution="verified: Consumed")
    assert store.complete(entry_id, outcome=Outcome.UNKNOWN, reason="timed out") is None
    final = store.get(entry_id)
    assert final is not None
    assert (final.outcome, final.resolution, final.pending) == (
        Outcome.OK,
        "verified: Consumed",
        False,
    )


def test_a_resolution_never_overwrites_an_outcome_that_came_in(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry_id = store.begin(make_entry(action=Action.CONSUME))
    assert store.complete(entry_id, outcome=Outcome.OK, reason="Consumed.") is None
    assert not store.resolve(entry_id, settlement=Settlement.NOT_CONSUMED, resolution=STALE)
    final = store.get(entry_id)
    assert final is not None and final.outcome is Outcome.OK and final.resolution is None
