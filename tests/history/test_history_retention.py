"""Pruning by age and by rows never loses a consume whose outcome is unknown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.history import Action, HistoryFilter, HistoryStore, Outcome, Retention, Settlement
from tests.history.history_entries import T0, EntryFactory

NOW = T0 + timedelta(days=400)


@pytest.fixture
def aged(history_path: Path, make_entry: EntryFactory) -> HistoryStore:
    store = HistoryStore(history_path, clock=lambda: NOW)
    # One entry per day from 400 days ago to yesterday, plus old consumes in every state.
    store.record_many([make_entry(at=T0 + timedelta(days=d), token=f"d{d}") for d in range(400)])
    store.begin(make_entry(at=T0, action=Action.CONSUME, token="crashed"))
    store.record(
        make_entry(at=T0, action=Action.CONSUME, outcome=Outcome.UNKNOWN, token="timed-out")
    )
    settled = store.begin(make_entry(at=T0, action=Action.CONSUME, token="settled"))
    store.resolve(settled, settlement=Settlement.CONSUMED, resolution="consumed")
    return store


def _tokens(store: HistoryStore) -> set[str]:
    return {e.token for e in store.search(HistoryFilter(limit=None))}


def test_defaults_are_a_year_and_200k_rows() -> None:
    assert Retention() == Retention(days=365, rows=200_000)
    with pytest.raises(ValueError):
        Retention(days=0)
    with pytest.raises(ValueError):
        Retention(rows=-1)


def test_prune_by_age_keeps_unresolved_unknowns(aged: HistoryStore) -> None:
    with aged:
        removed = aged.prune(Retention(days=365, rows=None))
        tokens = _tokens(aged)
    assert removed == 35 + 1  # days 0..34 and the settled consume
    assert {"crashed", "timed-out"} <= tokens
    assert "settled" not in tokens and "d34" not in tokens and "d35" in tokens


def test_prune_by_rows_keeps_the_newest_and_unresolved_unknowns(aged: HistoryStore) -> None:
    with aged:
        aged.prune(Retention(days=None, rows=10))
        tokens = _tokens(aged)
    assert tokens == {f"d{d}" for d in range(390, 400)} | {"crashed", "timed-out"}


def test_ids_are_never_reused_after_pruning_everything(
    aged: HistoryStore, make_entry: EntryFactory
) -> None:
    with aged:
        highest = max(e.id or 0 for e in aged.search(HistoryFilter(limit=1)))
        aged.prune(Retention(days=1, rows=None))
        assert aged.record(make_entry(at=NOW)) > highest


def test_no_limits_prune_nothing(aged: HistoryStore) -> None:
    with aged:
        assert aged.prune(Retention(days=None, rows=None)) == 0


def test_pruning_runs_at_most_once_a_day_whichever_console_asks(
    history_path: Path, make_entry: EntryFactory
) -> None:
    now = [NOW]
    keep_ten = Retention(days=None, rows=10)
    with HistoryStore(history_path, clock=lambda: now[0]) as first:
        first.record_many([make_entry(token=f"a{n}") for n in range(20)])
        assert first.prune_if_due(keep_ten) == 10
        first.record_many([make_entry(token=f"b{n}") for n in range(5)])
        now[0] += timedelta(hours=23)
        # Another console, the same day: the time of the last prune is in the file.
        with HistoryStore(history_path, clock=lambda: now[0]) as second:
            assert second.prune_if_due(keep_ten) is None
            assert second.count() == 15
        now[0] += timedelta(hours=2)
        assert first.prune_if_due(keep_ten) == 5
        assert first.count() == 10


def test_an_acknowledge_of_unknown_outcome_outlives_pruning_an_answered_one_does_not(
    aged: HistoryStore, make_entry: EntryFactory
) -> None:
    # `history resolve` names an unknown acknowledge until a later one is answered: it must
    # still be there to name, however old; an answered one ages out like any entry.
    aged.record(
        make_entry(at=T0, action=Action.ACKNOWLEDGE, outcome=Outcome.UNKNOWN, token="ack-lost")
    )
    aged.record(make_entry(at=T0, action=Action.ACKNOWLEDGE, outcome=Outcome.OK, token="ack-ok"))
    with aged:
        aged.prune(Retention(days=365, rows=None))
        tokens = _tokens(aged)
    assert "ack-lost" in tokens and "ack-ok" not in tokens
