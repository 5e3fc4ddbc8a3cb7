"""A consume written ahead survives its console being killed before the reply."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from console.history import Action, HistoryStore, Outcome, Settlement

# The child begins a consume, says which id it got, then hangs as if waiting for now.gg.
CHILD = """
import sys, time
from datetime import UTC, datetime
from console.history import Action, HistoryEntry, HistoryStore
store = HistoryStore(sys.argv[1])
entry_id = store.begin(HistoryEntry(
    id=None, at=datetime.now(UTC), operator="bob", environment="production",
    host="payments-api.now.gg", action=Action.CONSUME, token="tok-killed", store="nowgg",
    request={"form": {"purchaseToken": "tok-killed"}, "headers": {"Authorization": "••••"}},
))
print(entry_id, flush=True)
time.sleep(60)
store.complete(entry_id, outcome="ok")
"""


def test_killed_consume_is_on_record_as_unknown_until_resolved(
    history_path: Path, child_env: dict[str, str]
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(history_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip().isdigit(), child.stderr.read() if child.stderr else line
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    entry_id = int(line)

    with HistoryStore(history_path) as store:
        [entry] = store.unresolved()
        assert entry.id == entry_id
        assert (entry.action, entry.outcome, entry.pending, entry.token) == (
            Action.CONSUME,
            Outcome.UNKNOWN,
            True,
            "tok-killed",
        )
        store.resolve(entry_id, settlement=Settlement.CONSUMED, resolution="verify showed Consumed")

    with HistoryStore(history_path) as store:
        settled = store.get(entry_id)
        assert settled is not None
        assert not settled.pending and not settled.unresolved
        assert settled.resolution == "verify showed Consumed"
        assert store.unresolved() == []
