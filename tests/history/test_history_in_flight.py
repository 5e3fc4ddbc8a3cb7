"""Who still holds a consume in flight, asked of the kernel: a write-ahead entry's lock is held
until its outcome is recorded, names its owner, and is free the moment its process dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console.history import Action, HistoryStore, Outcome
from console.history.entries import HistoryEntry
from console.history.in_flight import Claim, HeldLock, Liveness, in_flight_dir
from console.history.shared_target import SharedTarget
from tests.history.conftest import OpenStore
from tests.history.history_entries import EntryFactory

CHILD = """
import sys, time
from console.history import Action, HistoryStore
from console.history.shared_target import SharedTarget
from tests.history.history_entries import make_history_entry
shared = SharedTarget(sys.argv[2]) if len(sys.argv) > 2 else None
store = HistoryStore(sys.argv[1], shared=shared)
held = store.begin_in_flight(make_history_entry(action=Action.CONSUME, token="tok-killed"))
print(held.entry_id, flush=True)
time.sleep(120)
"""


def test_a_write_ahead_names_its_owner_and_holds_its_lock_until_released(
    store: HistoryStore, make_entry: EntryFactory, backend: str
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
    if backend == "sqlite":
        assert list(in_flight_dir(store.path).iterdir()) == []


def test_a_killed_owner_frees_its_lock(
    history_path: Path,
    child_env: dict[str, str],
    open_store: OpenStore,
    shared_target: SharedTarget | None,
) -> None:
    shared = [] if shared_target is None else [shared_target.url]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(history_path), *shared],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env,
    )
    try:
        assert child.stdout is not None
        entry_id = int(child.stdout.readline())
        store = open_store()
        entry = store.get(entry_id)
        assert entry is not None and entry.owner_pid == child.pid
        assert store.claim(entry).liveness is Liveness.HELD
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
        # PostgreSQL ends the dead process's session (and its lock) once it sees the socket
        # closed: at once on a local socket; a claim made before that still says HELD.
        claim = _claim_when_free(store, entry)
        assert claim.liveness is Liveness.CLAIMED
        if isinstance(claim.lock, HeldLock):
            assert claim.lock.path.exists()  # left by the dead
            claim.release()
            assert not claim.lock.path.exists()
        claim.release()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


def _claim_when_free(store: HistoryStore, entry: HistoryEntry) -> Claim:
    for _ in range(100):
        claim = store.claim(entry)
        if claim.liveness is not Liveness.HELD:
            return claim
        time.sleep(0.05)
    return store.claim(entry)


@pytest.mark.parametrize(
    ("lock_name", "owner_host"),
    [
        (None, None),  # written by a version without locks
        ("0" * 32 + ".lock", "another-machine"),  # a lock on another host means nothing here
        ("../../etc/passwd", socket.gethostname()),  # hand-edited: never a path
    ],
)
def test_entries_without_a_usable_lock_are_left_to_the_clock(
    store: HistoryStore,
    make_entry: EntryFactory,
    backend: str,
    lock_name: str | None,
    owner_host: str | None,
) -> None:
    entry = make_entry(action=Action.CONSUME, lock_name=lock_name, owner_host=owner_host)
    claim = store.claim(entry)
    if backend == "postgresql" and owner_host == "another-machine":
        # A shared history's locks live on its server: another machine's lock means something
        # there, and nobody holds this one.
        assert claim.liveness is Liveness.CLAIMED
        claim.release()
    else:
        assert claim.liveness is Liveness.UNTRACKED
