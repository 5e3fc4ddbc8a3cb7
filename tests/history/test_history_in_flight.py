"""Who still holds a consume in flight, asked of the kernel: a write-ahead entry's lock is held
until its outcome is recorded, names its owner, and is free the moment its process dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from console.history import Action, HistoryStore, Outcome
from console.history.in_flight import Liveness, in_flight_dir
from tests.history.history_entries import EntryFactory

CHILD = """
import sys, time
from console.history import Action, HistoryStore
from tests.history.history_entries import make_history_entry
store = HistoryStore(sys.argv[1])
held = store.begin_in_flight(make_history_entry(action=Action.CONSUME, token="tok-killed"))
print(held.entry_id, flush=True)
time.sleep(120)
"""


def test_a_write_ahead_names_its_owner_and_holds_its_lock_until_released(
    store: HistoryStore, make_entry: EntryFactory
) -> None:
    held = store.begin_in_flight(make_entry(action=Action.CONSUME, deadline_s=20.0))
    entry = store.get(held.entry_id)
    assert entry is not None and entry.unresolved and entry.pending
    assert (entry.owner_host, entry.owner_pid) == (socket.gethostname(), os.getpid())
    assert entry.deadline_s == 20.0
    assert entry.lock_name == held.lock.name
    assert store.claim(entry).liveness is Liveness.HELD

    store.complete(held.entry_id, outcome=Outcome.UNKNOWN, reason="timed out")
    assert store.claim(entry).liveness is Liveness.HELD  # until released, still in flight
    held.release()
    claim = store.claim(entry)
    assert claim.liveness is Liveness.CLAIMED
    claim.release()
    assert list(in_flight_dir(store.path).iterdir()) == []


def test_a_killed_owner_frees_its_lock(history_path: Path, child_env: dict[str, str]) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(history_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env,
    )
    try:
        assert child.stdout is not None
        entry_id = int(child.stdout.readline())
        with HistoryStore(history_path) as store:
            entry = store.get(entry_id)
            assert entry is not None and entry.owner_pid == child.pid
            assert store.claim(entry).liveness is Liveness.HELD
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=10) == -signal.SIGKILL
            claim = store.claim(entry)
            assert claim.liveness is Liveness.CLAIMED
            assert claim.lock is not None and claim.lock.path.exists()  # left by the dead
            claim.release()
            assert not claim.lock.path.exists()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


@pytest.mark.parametrize(
    ("lock_name", "owner_host"),
    [
        (None, None),  # written by a version without locks
        ("0" * 32 + ".lock", "another-machine"),  # a lock on another host means nothing here
        ("../../etc/passwd", socket.gethostname()),  # hand-edited: never a path
    ],
)
def test_entries_without_a_usable_lock_are_left_to_the_clock(
    store: HistoryStore, make_entry: EntryFactory, lock_name: str | None, owner_host: str | None
) -> None:
    entry = make_entry(action=Action.CONSUME, lock_name=lock_name, owner_host=owner_host)
    assert store.claim(entry).liveness is Liveness.UNTRACKED
