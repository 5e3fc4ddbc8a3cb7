"""Numbers SQLite cannot hold (a reply code of 2**64, an id of 2**70) are stored safely or
answered plainly — never an OverflowError from deep inside sqlite3."""

from __future__ import annotations

import pytest

from console.history import (
    Action,
    HistoryEntryNotFound,
    HistoryFilter,
    HistoryStore,
    Outcome,
    Settlement,
)
from tests.history.history_entries import EntryFactory

HUGE = 2**64


def test_a_huge_code_is_kept_as_text(store: HistoryStore, make_entry: EntryFactory) -> None:
    entry_id = store.record(
        make_entry(
            outcome=Outcome.API,
            code=HUGE,
            reason="now.gg refused",
            reply={"success": False, "code": HUGE},
            latency_ms=10**400,
        )
    )
    entry = store.get(entry_id)
    assert entry is not None
    assert entry.code is None and entry.latency_ms is None
    assert entry.reason == (
        f"now.gg refused (reply code {HUGE} is too large to store as a number; kept here as text)"
    )
    assert entry.reply == {"success": False, "code": HUGE}


def test_a_consume_completed_with_a_huge_code_is_settled(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    entry_id = store.begin(make_entry(action=Action.CONSUME))
    store.complete(entry_id, outcome=Outcome.API, code=-(2**63) - 1, reason=None)
    entry = store.get(entry_id)
    assert entry is not None and not entry.unresolved
    assert entry.code is None and str(-(2**63) - 1) in (entry.reason or "")


def test_huge_ids_and_limits_are_plain_answers(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    store.record(make_entry())
    assert store.get(2**70) is None
    with pytest.raises(HistoryEntryNotFound):
        store.set_note(2**70, "x")
    with pytest.raises(HistoryEntryNotFound):
        store.complete(2**70, outcome=Outcome.OK)
    with pytest.raises(HistoryEntryNotFound):
        store.resolve(2**70, settlement=Settlement.CONSUMED, resolution="x")
    assert len(store.search(HistoryFilter(limit=2**70))) == 1
