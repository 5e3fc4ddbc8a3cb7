"""Consoles writing at once lose nothing and double nothing: four processes into one SQLite
file, eight into one shared PostgreSQL history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from console.history import HistoryFilter, HistoryStore
from tests.history.conftest import OpenStore

WORKERS = {"sqlite": 4, "postgresql": 8}

# Each child reports ready and waits for the go file, so all of them really run at the same
# time; then it opens its own store ("open-first" opens it before waiting) and records one
# entry per transaction, the worst case for lock contention.
CHILD = """
import pathlib, sys, time
from datetime import UTC, datetime
from console.history import Action, HistoryEntry, HistoryStore
from console.history.shared_target import SharedTarget
path, go, worker, count, mode, url = sys.argv[1:7]
shared = SharedTarget(url) if url else None
store = HistoryStore(path, shared=shared) if mode == "open-first" else None
print("ready", flush=True)
while not pathlib.Path(go).exists():
    time.sleep(0.002)
store = store or HistoryStore(path, shared=shared)
for n in range(int(count)):
    store.record(HistoryEntry(
        id=None, at=datetime.now(UTC), operator=f"worker-{worker}", environment="sandbox",
        host="127.0.0.1", action=Action.VERIFY, token=f"w{worker}-{n}", store="nowgg",
    ))
store.close()
"""


def _run_together(
    path: Path, go: Path, env: dict[str, str], count: int, mode: str, url: str, workers: int
) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(go), str(w), str(count), mode, url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(workers)
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
    assert stderr == [""] * workers, "\n".join(stderr)[-3000:]
    assert [child.returncode for child in children] == [0] * workers


def _tokens(open_store: OpenStore) -> list[str]:
    return sorted(e.token for e in open_store().search(HistoryFilter(limit=None)))


def _expected(workers: int, count: int) -> list[str]:
    return sorted(f"w{w}-{n}" for w in range(workers) for n in range(count))


def test_concurrent_writers_in_separate_processes_lose_nothing(
    history_path: Path,
    tmp_path: Path,
    child_env: dict[str, str],
    backend: str,
    history_env: dict[str, str],
    open_store: OpenStore,
) -> None:
    url, workers = next(iter(history_env.values()), ""), WORKERS[backend]
    open_store().close()  # the schema exists before they start: this is about writing
    _run_together(history_path, tmp_path / "go", child_env, 250, "open-first", url, workers)
    assert _tokens(open_store) == _expected(workers, 250)  # 0 lost, 0 doubled


def test_consoles_creating_the_same_new_history_at_once(
    history_path: Path,
    tmp_path: Path,
    child_env: dict[str, str],
    backend: str,
    history_env: dict[str, str],
    open_store: OpenStore,
) -> None:
    url, workers = next(iter(history_env.values()), ""), WORKERS[backend]
    _run_together(history_path, tmp_path / "go", child_env, 5, "open-on-go", url, workers)
    assert _tokens(open_store) == _expected(workers, 5)


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
