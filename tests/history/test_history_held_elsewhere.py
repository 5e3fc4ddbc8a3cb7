"""The write-ahead entry is the marker other consoles see: a second process's write-ahead of
the same token is refused while the first is in flight or of unknown outcome — on SQLite and
on the shared PostgreSQL history, where consoles race across machines."""

from __future__ import annotations

import subprocess
import sys
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


def test_another_process_pending_consume_refuses_the_write_ahead(store: HistoryStore) -> None:
    first = store.begin(_consume(pid=101))
    with pytest.raises(HeldElsewhere) as refused:
        store.begin(_consume(pid=202))
    assert refused.value.held.id == first
    assert refused.value.held.operator == "alice"
    assert "desk-1" in str(refused.value)
    assert store.count() == 1  # nothing was written for the refused one


def test_an_unknown_outcome_still_holds_it_until_resolved(store: HistoryStore) -> None:
    first = store.begin(_consume(pid=101))
    store.complete(first, outcome=Outcome.UNKNOWN, reason="no reply within 10 s")
    with pytest.raises(HeldElsewhere):
        store.begin(_consume(pid=202))
    store.complete(first, outcome=Outcome.OK, code=0)
    assert store.begin(_consume(pid=202)) != first


def test_force_another_token_or_environment_and_the_same_process_pass(store: HistoryStore) -> None:
    store.begin(_consume(pid=101))
    store.begin(_consume(pid=101))  # its own earlier entry: the console shows it already
    store.begin(_consume(pid=202), force=True)
    store.begin(_consume(pid=303, token="sbx-paid-unconsumed-0002"))
    store.begin(_consume(pid=303, environment="staging"))
    assert store.count() == 5


def test_search_by_operator_finds_only_that_operators_entries(store: HistoryStore) -> None:
    store.record(_consume(pid=1))
    store.record(replace(_consume(pid=2), operator="bob"))
    found = store.search(HistoryFilter(operator="bob"))
    assert [entry.operator for entry in found] == ["bob"]


RACERS = 6

# Each racer opens its store, says ready, waits for the go file, then writes a consume of the
# one token ahead: the check and the insert are one transaction that only one may pass.
RACER = """
import pathlib, sys, time
from datetime import UTC, datetime
from console.history import Action, HeldElsewhere, HistoryEntry, HistoryStore
from console.history.shared_target import SharedTarget
path, go, url = sys.argv[1:4]
store = HistoryStore(path, shared=SharedTarget(url) if url else None)
print("ready", flush=True)
while not pathlib.Path(go).exists():
    time.sleep(0.001)
try:
    store.begin(HistoryEntry(
        id=None, at=datetime.now(UTC), operator="racer", environment="sandbox",
        host="sandbox.local", action=Action.CONSUME, token="tok-raced", store="nowgg",
    ))
    print("passed", flush=True)
except HeldElsewhere:
    print("refused", flush=True)
store.close()
"""


def test_of_consoles_racing_to_consume_one_token_exactly_one_passes(
    store: HistoryStore,
    history_path: Path,
    history_env: dict[str, str],
    child_env: dict[str, str],
    tmp_path: Path,
) -> None:
    go = tmp_path / "go"
    url = next(iter(history_env.values()), "")
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(history_path), str(go), url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env,
        )
        for _ in range(RACERS)
    ]
    try:
        for racer in racers:
            assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
        go.touch()
        results = [racer.communicate(timeout=60) for racer in racers]
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
                racer.communicate()
    said = sorted(out.strip() for out, _ in results)
    assert said == ["passed"] + ["refused"] * (RACERS - 1), [err for _, err in results]
    assert len(store.search(HistoryFilter(token="tok-raced"))) == 1
