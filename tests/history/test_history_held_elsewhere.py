"""The write-ahead entry is the marker other consoles see: a second process's write-ahead of
the same token is refused while the first is in flight or of unknown outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.history import (
    Action,
    HeldElsewhere,
    HistoryEntry,
    HistoryFilter,
    HistoryStore,
    Outcome,
)

TOKEN = "sbx-paid-unconsumed-0001"


def _consume(*, pid: int, token: str = TOKEN, environment: str = "sandbox") -> HistoryEntry:
    return HistoryEntry(
        id=None,
        at=datetime.now(UTC),
        operator="alice",
        environment=environment,
        host="sandbox.local",
        action=Action.CONSUME,
        token=token,
        store="nowgg",
        owner_host="desk-1",
        owner_pid=pid,
    )


def test_another_process_pending_consume_refuses_the_write_ahead(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        first = store.begin(_consume(pid=101))
        with pytest.raises(HeldElsewhere) as refused:
            store.begin(_consume(pid=202))
        assert refused.value.held.id == first
        assert refused.value.held.operator == "alice"
        assert "desk-1" in str(refused.value)
        assert store.count() == 1  # nothing was written for the refused one


def test_an_unknown_outcome_still_holds_it_until_resolved(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        first = store.begin(_consume(pid=101))
        store.complete(first, outcome=Outcome.UNKNOWN, reason="no reply within 10 s")
        with pytest.raises(HeldElsewhere):
            store.begin(_consume(pid=202))
        store.complete(first, outcome=Outcome.OK, code=0)
        assert store.begin(_consume(pid=202)) != first


def test_force_another_token_or_environment_and_the_same_process_pass(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        store.begin(_consume(pid=101))
        store.begin(_consume(pid=101))  # its own earlier entry: the console shows it already
        store.begin(_consume(pid=202), force=True)
        store.begin(_consume(pid=303, token="sbx-paid-unconsumed-0002"))
        store.begin(_consume(pid=303, environment="staging"))
        assert store.count() == 5


def test_search_by_operator_finds_only_that_operators_entries(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        store.record(_consume(pid=1))
        store.record(replace(_consume(pid=2), operator="bob"))
        found = store.search(HistoryFilter(operator="bob"))
        assert [entry.operator for entry in found] == ["bob"]
