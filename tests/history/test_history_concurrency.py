"""Two (here four) consoles writing at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from console.history import HistoryFilter, HistoryStore

WORKERS = 4

# Each child reports ready and waits for the go file, so all of them really run at the same
# time; then it opens its own store ("open-first" opens it before waiting) and records one
# entry per transaction, the worst case for lock contention.
CHILD = """
import pathlib, sys, time
from datetime import UTC, datetime
from console.history import Action, HistoryEntry, HistoryStore
path, go, worker, count, mode = sys.argv[1:6]
store = HistoryStore(path) if mode == "open-first" else None
print("ready", flush=True)
while not pathlib.Path(go).exists():
    time.sleep(0.002)
store = store or HistoryStore(path)
for n in range(int(count)):
    store.record(HistoryEntry(
        id=None, at=datetime.now(UTC), operator=f"worker-{worker}", environment="sandbox",
        host="127.0.0.1", action=Action.VERIFY, token=f"w{worker}-{n}", store="nowgg",
    ))
store.close()
"""


def _run_together(path: Path, go: Path, env: dict[str, str], count: int, mode: str) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(go), str(w), str(count), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(WORKERS)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        go.touch()
        stderr = [child.communicate(timeout=60)[1] for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate()
    assert stderr == [""] * WORKERS
    assert [child.returncode for child in children] == [0] * WORKERS


def _tokens(path: Path) -> set[str]:
    with HistoryStore(path) as store:
        return {e.token for e in store.search(HistoryFilter(limit=None))}


def test_concurrent_writers_in_separate_processes_lose_nothing(
    history_path: Path, tmp_path: Path, child_env: dict[str, str]
) -> None:
    _run_together(history_path, tmp_path / "go", child_env, count=250, mode="open-first")
    assert _tokens(history_path) == {f"w{w}-{n}" for w in range(WORKERS) for n in range(250)}


def test_consoles_creating_the_same_new_file_at_once(
    history_path: Path, tmp_path: Path, child_env: dict[str, str]
) -> None:
    _run_together(history_path, tmp_path / "go", child_env, count=5, mode="open-on-go")
    assert _tokens(history_path) == {f"w{w}-{n}" for w in range(WORKERS) for n in range(5)}


def test_threads_sharing_one_store_lose_nothing(history_path: Path) -> None:
    # A TUI runs requests in worker threads; they share the console's one store.
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    from console.history import Action, HistoryEntry

    def write(worker: int) -> None:
        for n in range(50):
            store.record(
                HistoryEntry(
                    id=None,
                    at=datetime.now(UTC),
                    operator="t",
                    environment="sandbox",
                    host="h",
                    action=Action.VERIFY,
                    token=f"t{worker}-{n}",
                    store="nowgg",
                )
            )
            store.search(HistoryFilter(limit=5))

    with HistoryStore(history_path) as store, ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
        assert store.count() == 200
