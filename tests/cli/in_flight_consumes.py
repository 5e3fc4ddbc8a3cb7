"""A consume left in flight on purpose: the hostile server holds its reply, and the test
decides what happens to the process that sent it (left alone, killed, interrupted)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from console.history import HistoryEntry, HistoryStore
from console.payments.wire import CONSUME_PATH, VERIFY_PATH
from tests.cli.cli_runner import Run, run_cli, start_cli
from tests.hostile_server import HostileServer, Reply, json_reply, purchase_envelope

TOKEN: Final = "hostile-token"
CONSUMED: Final = json_reply(purchase_envelope(consumptionState=1))
SUCCESS: Final = json_reply({"success": True, "code": 0, "codeMsg": "success", "data": {}})


def history_path(home: Path) -> Path:
    return home / "data" / "nowgg-console" / "history.sqlite3"


def requests_to(hostile: HostileServer, path: str) -> int:
    return sum(1 for received in hostile.requests if received.path == "/" + path)


def consumes(hostile: HostileServer) -> int:
    return requests_to(hostile, CONSUME_PATH)


def verifies(hostile: HostileServer) -> int:
    return requests_to(hostile, VERIFY_PATH)


def hold_consumes(hostile: HostileServer, seconds: float, reply: Reply = SUCCESS) -> None:
    hostile.reply_for_path(CONSUME_PATH, Reply(body=reply.body, hold_seconds=seconds))


def verify_shows_consumed(hostile: HostileServer) -> None:
    hostile.reply_for_path(VERIFY_PATH, CONSUMED)


def hostile_cli(home: Path, hostile: HostileServer, *args: str) -> Run:
    """A command against the hostile server, as `--base-url` takes it."""
    return run_cli(home, *args, env={"NOWGG_CONSOLE_API_KEY": hostile.api_key})


def wait_until(condition: object, what: str, timeout: float = 30.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


@contextmanager
def consume_in_flight(
    home: Path, hostile: HostileServer, *extra: str
) -> Iterator[subprocess.Popen[str]]:
    """`consume TOKEN --yes --base-url HOSTILE`, returned once its consume reached the server
    (whose reply the caller holds); killed on the way out if still running."""
    process = start_cli(
        home,
        "consume",
        TOKEN,
        "--yes",
        "--base-url",
        hostile.url,
        *extra,
        env={"NOWGG_CONSOLE_API_KEY": hostile.api_key},
    )
    try:
        wait_until(
            lambda: consumes(hostile) > 0 or process.poll() is not None, "the consume was sent"
        )
        assert process.poll() is None, process.communicate()
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def the_unresolved(home: Path) -> HistoryEntry:
    with HistoryStore(history_path(home)) as store:
        [entry] = store.unresolved()
    return entry


def entry(home: Path, entry_id: int) -> HistoryEntry:
    with HistoryStore(history_path(home)) as store:
        found = store.get(entry_id)
    assert found is not None
    return found
