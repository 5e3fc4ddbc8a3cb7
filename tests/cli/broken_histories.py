"""Histories that cannot take a write, made the way each one happens on a real machine, and
the wrappers that run the command line under the conditions a file alone cannot set up (an
unprivileged user, a disk that fills up)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from console.history import HistoryStore
from console.history.schema import SCHEMA_VERSION
from tests.history.history_entries import make_history_entry

NOBODY: Final = 65534

# A launcher that runs the rest of its command line with file writes capped at argv[1] bytes:
# past the cap, write() fails (EFBIG) on the very path SQLite writes — the WAL — as it fails
# with ENOSPC on a full disk. SIGXFSZ is ignored so the write fails instead of killing.
FILE_SIZE_LIMITED: Final = """
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
os.execv(sys.argv[2], sys.argv[2:])
"""

# The WAL index (-shm) of a fresh connection is one 32 KiB region: with the cap there, the
# history opens, and the first frames written to the WAL (the write-ahead entry) fail.
WAL_INDEX_BYTES: Final = 32768


def file_size_limited(limit: int) -> list[str]:
    return [sys.executable, "-c", FILE_SIZE_LIMITED, str(limit)]


def as_nobody() -> list[str]:
    """Root ignores permission bits: run the child as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def can_run_as_nobody() -> bool:
    """Whether this interpreter (and the console) can be started by the unprivileged user."""
    prefix = as_nobody()
    if os.geteuid() == 0 and not prefix:
        return False
    completed = subprocess.run(
        [*prefix, sys.executable, "-c", "import console.cli.main"],
        capture_output=True,
        timeout=60,
        cwd="/",
    )
    return completed.returncode == 0


def history_with_rows(path: Path, rows: int = 300) -> None:
    """A history of recent entries (so opening it prunes nothing), several pages long."""
    now = datetime.now(UTC)
    with HistoryStore(path) as store:
        store.record_many(
            [make_history_entry(token=f"tok-{n:04d}", note="x" * 200, at=now) for n in range(rows)]
        )


def a_folder(path: Path) -> None:
    path.mkdir(parents=True)


def another_database(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")


def from_a_newer_version(path: Path) -> None:
    history_with_rows(path, rows=3)
    _execute(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def table_lost(path: Path) -> None:
    history_with_rows(path, rows=3)
    _execute(path, "DROP TABLE history")


def damaged_past_the_first_page(path: Path) -> None:
    """Page one (header and schema) intact, every page after it garbage: what opening checks
    passes, and the first write into the tables meets the damage."""
    history_with_rows(path)
    size = path.stat().st_size
    assert size > 4 * 4096, "the history must span several pages"
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(os.urandom(size - 4096))


def _execute(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(sql)
    finally:
        connection.close()


Breaker = Callable[[Path], None]
