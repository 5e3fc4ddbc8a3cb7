"""Every way the history can be unusable ends in one clear HistoryUnavailable, never sqlite3."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from console.history import HistoryStore, HistoryUnavailable
from console.history.retry import RetryPolicy
from tests.history.history_entries import EntryFactory


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    # Fails for root too, unlike permission bits.
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryUnavailable) as raised:
        HistoryStore(blocker / "nowgg" / "history.sqlite3")
    assert raised.value.reason == (
        f"cannot create the history folder {blocker / 'nowgg'}: "
        "part of that path is a file, not a folder"
    )


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").mkdir()
    with pytest.raises(HistoryUnavailable, match="is a folder, not a file"):
        HistoryStore(tmp_path / "history.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(HistoryUnavailable, match="no permission"):
            HistoryStore(folder / "history.sqlite3")
    finally:
        folder.chmod(0o700)


def test_a_database_locked_for_too_long(history_path: Path, make_entry: EntryFactory) -> None:
    with HistoryStore(
        history_path, busy_timeout_s=0.01, retry=RetryPolicy(attempts=3, first_delay_s=0.001)
    ) as store:
        blocker = sqlite3.connect(history_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(HistoryUnavailable, match="locked by another program"):
                store.record(make_entry())
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.record(make_entry()) > 0  # and usable again once the lock is gone


def test_a_retry_gets_through_a_short_lock(history_path: Path, make_entry: EntryFactory) -> None:
    HistoryStore(history_path).close()
    holder = sqlite3.connect(history_path, isolation_level=None)
    pauses: list[float] = []

    def release_on_first_pause(seconds: float) -> None:
        # The other console finishes during our first pause: the retry must then succeed.
        if not pauses:
            holder.execute("ROLLBACK")
        pauses.append(seconds)

    policy = RetryPolicy(attempts=4, first_delay_s=0.001, sleep=release_on_first_pause)
    with HistoryStore(history_path, busy_timeout_s=0.001, retry=policy) as store:
        holder.execute("BEGIN IMMEDIATE")
        try:
            assert store.record(make_entry()) > 0
        finally:
            holder.close()
    assert len(pauses) == 1


def test_a_failing_secret_source_refuses_the_write(
    history_path: Path, make_entry: EntryFactory
) -> None:
    def broken() -> list[str]:
        raise RuntimeError("keyring locked")

    with HistoryStore(history_path, secrets_to_scrub=broken) as store:
        with pytest.raises(HistoryUnavailable, match="keyring locked"):
            store.record(make_entry())
        assert store.count() == 0
