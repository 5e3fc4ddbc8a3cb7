"""A history locked by another program never holds a lookup up: the answer comes while the
lock is still held, and the lookup's entry reaches the history once the lock is gone — in
order, after the entries queued before it. A lock that never goes costs the entry, said in a
warning; it never costs the lookup."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.history import Action, HistoryEntry, HistoryFilter, HistoryStore, Outcome
from console.history.background_writer import BackgroundWriter
from console.payments import PurchaseQuery
from console.sandbox.server import SandboxServer
from tests.desk.qa_workspace import qa_workspace

LOCK_S = 3.0
HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program holding the history's lock for `seconds`, from when this returns."""
    environ = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=environ,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


async def test_a_lookup_answers_while_another_program_holds_the_history(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    workspace = qa_workspace(tmp_path, sandbox.url, sandbox.api_key)
    try:
        history = await workspace.open_history()
        assert history is not None
        qa = workspace.settings.find("qa")
        assert qa is not None
        desk = workspace.desk(qa)
        holder = _hold_lock(history.path, LOCK_S)
        try:
            outcome = await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"), note="ZD-1")
            # Answered with the lock still held: it did not wait for it, nor for the busy
            # timeout (5 s) a write inside SQLite would have waited.
            still_locked = holder.poll() is None
            assert outcome.ok
            assert still_locked
            assert await workspace.search_history() == []
            # What a command does before it returns: the entry lands once the lock is gone,
            # and is on record when the flush returns. (Not "the holder has exited": it
            # commits, then takes a moment to end, and the entry may be written meanwhile.)
            await workspace.flush_history()
            (entry,) = await workspace.search_history(
                HistoryFilter(token="sbx-paid-unconsumed-0001")
            )
        finally:
            holder.kill()
            holder.wait()
        assert (entry.note, entry.outcome) == ("ZD-1", Outcome.OK)
        assert workspace.warnings == []
    finally:
        await workspace.aclose()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(tmp_path / "history.sqlite3") as opened:
        yield opened


def _entry(token: str) -> HistoryEntry:
    return HistoryEntry(
        id=None,
        at=datetime.now(UTC),
        operator="qa",
        environment="qa",
        host="127.0.0.1",
        action=Action.VERIFY,
        token=token,
        store="nowgg",
        outcome=Outcome.OK,
        code=0,
    )


def _lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_entries_queued_behind_a_lock_land_in_order_once_it_is_gone(
    store: HistoryStore,
) -> None:
    warnings: list[str] = []
    writer = BackgroundWriter(lambda: store, on_give_up=warnings.append, first_delay_s=0.01)
    holder = _lock(store.path)
    settled = [writer.submit(_entry(f"tok-{n}")) for n in range(3)]
    # Nobody waits on a locked history: each submission settles without being written.
    for future in settled:
        future.result(timeout=LOCK_S)
    assert store.count() == 0
    assert writer.waiting == 3
    holder.execute("COMMIT")
    assert writer.drain(timeout_s=30)
    entries = store.search(HistoryFilter())
    by_id = sorted(entries, key=lambda entry: entry.id or 0)
    assert [entry.token for entry in by_id] == ["tok-0", "tok-1", "tok-2"]
    assert warnings == []
    writer.close()


def test_a_lock_that_never_goes_costs_the_entry_and_says_so(store: HistoryStore) -> None:
    warnings: list[str] = []
    writer = BackgroundWriter(
        lambda: store, on_give_up=warnings.append, give_up_after_s=0.3, first_delay_s=0.01
    )
    holder = _lock(store.path)
    try:
        writer.submit(_entry("tok-lost"))
        assert writer.drain(timeout_s=30)
    finally:
        holder.execute("ROLLBACK")
    (warning,) = warnings
    assert warning.startswith("this call was not written to the history: ")
    assert "locked by another program" in warning and "given up" in warning
    # Once the lock is gone, the next entry goes in.
    writer.submit(_entry("tok-next"))
    assert writer.drain(timeout_s=30)
    assert [entry.token for entry in store.search()] == ["tok-next"]
    writer.close()


def test_a_history_that_cannot_be_written_gives_up_at_once(store: HistoryStore) -> None:
    warnings: list[str] = []
    writer = BackgroundWriter(lambda: store, on_give_up=warnings.append)
    store.close()  # as a disk that went away would leave it
    done = threading.Event()
    writer.submit(_entry("tok")).add_done_callback(lambda _: done.set())
    assert done.wait(timeout=30)
    assert warnings == [
        f"this call was not written to the history: the history {store.path} is closed"
    ]
    writer.close()
