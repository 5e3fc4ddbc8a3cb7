"""`history migrate`: create or upgrade the history's schema, saying from which version to
which. On PostgreSQL it is the one way a shared schema moves forward (postgres_schema.py:
versioned, forward-only, under an advisory lock, so twice or from two consoles at once is
safe); a local SQLite file is brought up to date whenever it opens, so this only says where
it stands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.history.schema import SCHEMA_VERSION
from console.history.shared_target import SharedTarget
from console.history.store import HistoryStore


@dataclass(frozen=True)
class Migrated:
    location: str
    before: int
    after: int

    @property
    def changed(self) -> bool:
        return self.before != self.after


def migrate_history(path: Path, shared: SharedTarget | None) -> Migrated:
    """Raises `HistoryUnavailable` (unreachable, refused, newer schema)."""
    if shared is None:
        with HistoryStore(path) as store:
            return Migrated(store.location, SCHEMA_VERSION, SCHEMA_VERSION)
    from console.history.postgres_backend import PostgresBackend

    backend = PostgresBackend(shared, check_schema=False)
    try:
        before, after = backend.migrate()
    finally:
        backend.close()
    return Migrated(backend.location, before, after)
