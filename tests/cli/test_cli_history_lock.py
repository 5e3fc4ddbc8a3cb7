"""A command's call is on record when the command returns, even when another program held the
history's lock meanwhile: the command waits the lock out before exiting (its lookup's answer
never waited for it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from console.history import HistoryFilter, HistoryStore
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import run_cli

TOKEN = "sbx-paid-unconsumed-0001"
HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def test_verify_waits_out_a_lock_before_it_returns_and_its_call_is_on_record(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    path = tmp_path / "data" / "nowgg-console" / "history.sqlite3"
    HistoryStore(path).close()
    environ = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), "2"],
        stdout=subprocess.PIPE,
        text=True,
        env=environ,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        run = run_cli(
            tmp_path,
            "verify",
            TOKEN,
            "--base-url",
            sandbox.url,
            "--note",
            "ZD-9",
            env={"NOWGG_CONSOLE_API_KEY": sandbox.api_key},
        )
        lock_gone = holder.wait(timeout=30) == 0
    finally:
        holder.kill()
        holder.wait()
    assert run.code == 0, run.err
    assert "PAID" in run.out.upper()
    assert "warning" not in run.err
    assert lock_gone
    with HistoryStore(path) as store:
        (entry,) = store.search(HistoryFilter(token=TOKEN))
    assert entry.note == "ZD-9"
