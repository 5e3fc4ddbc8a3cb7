"""A row this version cannot read (written by a newer version, or by hand) is left out with a
notice, and the rest of the history stays usable."""

from __future__ import annotations

from console.history import HistoryFilter, HistoryStore
from tests.history.conftest import RawExecute
from tests.history.history_entries import EntryFactory


def test_an_unknown_action_or_outcome_is_a_notice_not_a_crash(
    store: HistoryStore, raw_execute: RawExecute, make_entry: EntryFactory
) -> None:
    kept = store.record(make_entry(token="tok-kept"))
    odd = store.record(make_entry(token="tok-odd"))
    raw_execute("UPDATE history SET action = 'refund' WHERE id = ?", (odd,))
    entries = store.search(HistoryFilter())
    assert [entry.id for entry in entries] == [kept]
    assert store.get(odd) is None
    assert any(f"history entry {odd}" in notice and "refund" in notice for notice in store.notices)
