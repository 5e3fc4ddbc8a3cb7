"""A damaged history file is moved aside, said so, and a new history starts."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from console.history import HistoryStore
from tests.history.history_entries import EntryFactory


def _moved_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def _assert_moved_and_fresh(
    path: Path, old_bytes: bytes, store: HistoryStore, make_entry: EntryFactory
) -> Path:
    [moved] = [p for p in _moved_aside(path) if not p.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == old_bytes
    [notice] = store.notices
    assert str(path) in notice and str(moved) in notice and "new, empty history" in notice
    assert store.count() == 0
    entry_id = store.record(make_entry())
    assert store.get(entry_id) is not None
    return moved


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"this is a text file, not a database\n" * 40],
    ids=["random-bytes", "text-file"],
)
def test_not_a_database_is_moved_aside(
    history_path: Path, make_entry: EntryFactory, content: bytes
) -> None:
    history_path.parent.mkdir(parents=True)
    history_path.write_bytes(content)
    with HistoryStore(history_path) as store:
        _assert_moved_and_fresh(history_path, content, store, make_entry)
    with HistoryStore(history_path) as again:
        assert again.notices == () and again.count() == 1


def test_a_malformed_database_and_its_wal_are_moved_aside(
    history_path: Path, make_entry: EntryFactory
) -> None:
    with HistoryStore(history_path) as store:
        store.record_many([make_entry(token=f"t{i}") for i in range(50)])
    damaged = bytearray(history_path.read_bytes())
    damaged[100:4096] = os.urandom(3996)  # page one after the header: the schema is gone
    history_path.write_bytes(damaged)
    stale_wal = Path(f"{history_path}-wal")
    stale_wal.write_bytes(b"stale wal frames")
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        sqlite3.connect(history_path).execute("SELECT count(*) FROM sqlite_master").fetchone()

    with HistoryStore(history_path) as store:
        moved = _assert_moved_and_fresh(history_path, bytes(damaged), store, make_entry)
    assert Path(f"{moved}-wal").read_bytes() == b"stale wal frames"


def test_two_corruptions_in_the_same_second_keep_both_files(
    history_path: Path, make_entry: EntryFactory
) -> None:
    history_path.parent.mkdir(parents=True)
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        for suffix in ("-wal", "-shm"):
            Path(f"{history_path}{suffix}").unlink(missing_ok=True)
        history_path.write_bytes(content)
        HistoryStore(history_path).close()
    kept = {p.read_bytes() for p in _moved_aside(history_path) if p.suffix != "-wal"}
    assert {b"first garbage" * 100, b"second garbage" * 100} <= kept
