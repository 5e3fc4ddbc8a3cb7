"""Fixtures for the history tests: a store and an entry factory.

`store` (and `open_store`, for a second console onto the same history) run every test that
uses them twice: on an SQLite file in a temp folder, and on a fresh database of the session's
throw-away PostgreSQL server (tests/postgres_cluster.py). Tests about the SQLite file itself
(damage, permissions, WAL) open `HistoryStore(history_path)` directly and stay SQLite-only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import psycopg
import pytest

from console.history import HistoryStore
from console.history.postgres_backend import translate
from console.history.shared_target import URL_VARIABLE, SharedTarget
from console.history.sqlite_backend import SqliteBackend
from tests.history.history_entries import EntryFactory, make_history_entry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_entry() -> EntryFactory:
    return make_history_entry


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


class OpenStore(Protocol):
    def __call__(self, **options: Any) -> HistoryStore: ...


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def shared_target(backend: str, request: pytest.FixtureRequest) -> SharedTarget | None:
    """None on SQLite; the test's own PostgreSQL database otherwise."""
    if backend == "sqlite":
        return None
    return SharedTarget(str(request.getfixturevalue("postgres_url")))


@pytest.fixture
def open_store(history_path: Path, shared_target: SharedTarget | None) -> Iterator[OpenStore]:
    """Opens one more store onto the test's history (another console); closed at the end."""
    opened: list[HistoryStore] = []

    def open_one(**options: Any) -> HistoryStore:
        store = HistoryStore(history_path, shared=shared_target, **options)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> HistoryStore:
    return open_store()


@pytest.fixture
def sqlite_store(history_path: Path) -> Iterator[HistoryStore]:
    """For the tests about the SQLite file itself."""
    with HistoryStore(history_path) as opened:
        yield opened


def sqlite_connection(store: HistoryStore) -> sqlite3.Connection:
    """The store's own SQLite connection (pragmas, query plans)."""
    backend = store._backend
    assert isinstance(backend, SqliteBackend) and backend._connection is not None
    return backend._connection


class RawExecute(Protocol):
    def __call__(self, sql: str, params: tuple[object, ...] = ()) -> None: ...


@pytest.fixture
def raw_execute(history_path: Path, shared_target: SharedTarget | None) -> RawExecute:
    """Runs SQL on the test's history behind the store's back (SQLite's `?` spelling), the
    way a person with a database shell would."""

    def execute(sql: str, params: tuple[object, ...] = ()) -> None:
        if shared_target is None:
            with contextlib.closing(sqlite3.connect(history_path)) as connection, connection:
                connection.execute(sql, params)
            return
        with psycopg.connect(shared_target.url, autocommit=True) as server:
            server.execute(translate(sql).encode(), params)

    return execute


@pytest.fixture
def history_env(shared_target: SharedTarget | None) -> dict[str, str]:
    """Variables that point a child console at the test's history (empty for SQLite: the
    child's NOWGG_CONSOLE_DATA does)."""
    return {} if shared_target is None else {URL_VARIABLE: shared_target.url}


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child Python that must import `console` from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
