"""Fixtures for the history tests: a store in a temp folder and an entry factory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from console.history import HistoryStore
from tests.history.history_entries import EntryFactory, make_history_entry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_entry() -> EntryFactory:
    return make_history_entry


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(history_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(history_path) as opened:
        yield opened


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child Python that must import `console` from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
