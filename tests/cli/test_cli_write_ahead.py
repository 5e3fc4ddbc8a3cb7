"""No consume without a durable write-ahead entry: for every way the history can be unusable,
`consume` is refused with exit code 5, says why and how to fix it, and now.gg never receives
a consume (the hostile server counts every request). A verify still runs, and says the
history is off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.payments.wire import CONSUME_PATH
from tests.cli import broken_histories as broken
from tests.cli.cli_runner import Run, run_cli
from tests.hostile_server import HostileServer

TOKEN = "hostile-token"


def _history(home: Path) -> Path:
    return home / "data" / "nowgg-console" / "history.sqlite3"


def _consume(home: Path, hostile: HostileServer, *, prefix: list[str] | None = None) -> Run:
    return run_cli(
        home,
        "consume",
        TOKEN,
        "--yes",
        "--base-url",
        hostile.url,
        env={"NOWGG_CONSOLE_API_KEY": hostile.api_key},
        prefix=prefix or [],
    )


def _consumes_received(hostile: HostileServer) -> int:
    return sum(1 for received in hostile.requests if received.path == "/" + CONSUME_PATH)


def _assert_refused(run: Run, hostile: HostileServer, *cause: str) -> None:
    assert run.code == 5, run.out + run.err
    assert _consumes_received(hostile) == 0
    assert "Refused: the consume was not sent, because it could not be written to the history" in (
        run.out
    )
    assert "Nothing was sent." in run.out
    assert "To fix it:" in run.out
    for words in cause:
        assert words in run.out, run.out
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("breaker", "cause"),
    [
        (broken.a_folder, ("is a folder, not a file", "move that folder away")),
        (broken.another_database, ("is an SQLite database but not a nowgg-console history",)),
        (broken.from_a_newer_version, ("written by a newer nowgg-console", "upgrade")),
        (broken.table_lost, ("its history table is missing", "move it away")),
        (broken.damaged_past_the_first_page, ("is damaged", "move it away")),
    ],
    ids=["path-is-a-folder", "foreign-schema", "newer-version", "table-lost", "damaged-deep"],
)
def test_an_unusable_history_refuses_the_consume(
    tmp_path: Path, hostile: HostileServer, breaker: broken.Breaker, cause: tuple[str, ...]
) -> None:
    path = _history(tmp_path)
    breaker(path)
    run = _consume(tmp_path, hostile)
    _assert_refused(run, hostile, str(path), *cause)


def test_a_disk_that_fills_up_refuses_the_consume(tmp_path: Path, hostile: HostileServer) -> None:
    # The child may write files of at most one WAL index: the history opens, and writing the
    # entry into the WAL fails as on a full disk (see broken_histories.FILE_SIZE_LIMITED).
    broken.history_with_rows(_history(tmp_path))
    run = _consume(tmp_path, hostile, prefix=broken.file_size_limited(broken.WAL_INDEX_BYTES))
    _assert_refused(run, hostile, str(_history(tmp_path)), "disk")


@pytest.fixture
def unprivileged_home() -> Iterator[Path]:
    """A home the unprivileged user can reach (pytest's own temp folders are root's alone)."""
    if not broken.can_run_as_nobody():
        pytest.skip("cannot start this interpreter as an unprivileged user here")
    home = Path(tempfile.mkdtemp(prefix="nowgg-unprivileged-"))
    home.chmod(0o755)
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_read_only_data_folder_refuses_the_consume(
    unprivileged_home: Path, hostile: HostileServer
) -> None:
    folder = _history(unprivileged_home).parent
    folder.mkdir(parents=True)
    if os.geteuid() == 0:
        for part in (unprivileged_home / "data", folder):
            os.chown(part, broken.NOBODY, broken.NOBODY)
    nobody = broken.as_nobody()
    # The operator's own history, then its folder made read-only.
    listed = run_cli(unprivileged_home, "history", prefix=nobody)
    assert listed.code == 0, listed.err
    assert _history(unprivileged_home).exists()
    folder.chmod(0o500)
    run = _consume(unprivileged_home, hostile, prefix=nobody)
    _assert_refused(run, hostile, str(folder), "writable")


HOLD_LOCK = """
import sqlite3, sys, time
from console.history import HistoryStore
HistoryStore(sys.argv[1]).close()
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_history_locked_by_another_program_refuses_after_the_busy_timeout(
    tmp_path: Path, hostile: HostileServer
) -> None:
    path = _history(tmp_path)
    path.parent.mkdir(parents=True)
    environ = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        run = _consume(tmp_path, hostile)
        # Refused while the other program still holds its 30 s lock: the console gave up
        # after its busy timeout instead of waiting the lock out.
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.communicate()
    _assert_refused(run, hostile, str(path), "locked by another program", "fuser")


def test_verify_still_runs_with_the_history_off_and_says_so(
    tmp_path: Path, hostile: HostileServer
) -> None:
    broken.a_folder(_history(tmp_path))
    run = run_cli(
        tmp_path,
        "verify",
        TOKEN,
        "--base-url",
        hostile.url,
        env={"NOWGG_CONSOLE_API_KEY": hostile.api_key},
    )
    assert run.code == 0, run.err
    assert "Paid" in run.out
    assert "the history is off for this run" in run.err
    assert "Lookups still work but are not on record" in run.err
    assert "every consume is refused until this is fixed" in run.err
