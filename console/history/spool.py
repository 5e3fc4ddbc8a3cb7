"""The local spool of a shared history: where entries wait while its server cannot be reached.

An SQLite history of its own in the data folder (`history-spool.sqlite3`, the same schema),
so a write-ahead is as durable there as in a local history. Its entries have negative ids —
the ids the store hands out for them — so they can never be taken for an entry of the server.
When the server answers again, completed entries are sent oldest first, each stored once on
the server by its uid (`ON CONFLICT (uid) DO NOTHING`: two consoles sending the same spool, or
a send cut off half-way and tried again, double nothing), then deleted here; `spool_sent`
remembers which server entry each became, so a note added later to a spooled id finds it.
A write-ahead still pending stays until its consume's outcome is recorded: its process
completes it here. A write-ahead that reached the server before it went away is completed on
the server: its outcome waits here (`spool_completions`) and is applied when the server is
back, to the entry while it is still pending (applied once: a second send finds it completed).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from console.history.backend import Params
from console.history.retry import RetryPolicy
from console.history.sqlite_backend import SqliteBackend, _SqliteTransaction

SPOOL_FILE: Final = "history-spool.sqlite3"
SENT_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS spool_sent (spool_id INTEGER PRIMARY KEY, server_id INTEGER)"
)


COMPLETIONS_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS spool_completions (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "server_id INTEGER NOT NULL, fields TEXT NOT NULL)"
)
"""The outcome of a write written ahead on the server that could not be recorded there because
the server went away meanwhile: applied to that server entry when it answers again."""


def spool_path(history_path: Path) -> Path:
    return history_path.with_name(SPOOL_FILE)


class _SpoolTransaction(_SqliteTransaction):
    def insert(self, sql: str, params: Params) -> int:
        # AUTOINCREMENT still counts up (sqlite_sequence), so every spool id stays unique.
        new_id = super().insert(sql, params)
        self.execute("UPDATE history SET id = ? WHERE id = ?", (-new_id, new_id))
        return -new_id


class SpoolBackend(SqliteBackend):
    transaction_class = _SpoolTransaction

    def __init__(self, history_path: Path, *, busy_timeout_s: float, retry: RetryPolicy) -> None:
        super().__init__(spool_path(history_path), busy_timeout_s=busy_timeout_s, retry=retry)
        self.write(lambda transaction: transaction.execute(SENT_TABLE))
        self.write(lambda transaction: transaction.execute(COMPLETIONS_TABLE))

    def count(self) -> int:
        """What waits to be sent: entries, and outcomes of server entries."""
        entries = int(self.read("SELECT count(*) FROM history", ())[0][0])
        return entries + int(self.read("SELECT count(*) FROM spool_completions", ())[0][0])

    def add_completion(self, server_id: int, fields: Mapping[str, object]) -> None:
        """Keep the outcome of server entry `server_id`, synced to disk (it may be a consume's)."""
        text = json.dumps(dict(fields))
        self.write(
            lambda transaction: transaction.execute(
                "INSERT INTO spool_completions (server_id, fields) VALUES (?, ?)",
                (server_id, text),
            ),
            durable=True,
        )

    def completions(self) -> list[tuple[int, int, dict[str, Any]]]:
        """(seq, server entry, fields), oldest first."""
        rows = self.read("SELECT seq, server_id, fields FROM spool_completions ORDER BY seq", ())
        return [(int(seq), int(server_id), json.loads(fields)) for seq, server_id, fields in rows]

    def forget_completion(self, seq: int) -> None:
        self.write(
            lambda transaction: transaction.execute(
                "DELETE FROM spool_completions WHERE seq = ?", (seq,)
            ),
            durable=True,
        )

    def sent_as(self, spool_id: int) -> int | None:
        rows = self.read("SELECT server_id FROM spool_sent WHERE spool_id = ?", (spool_id,))
        return int(rows[0][0]) if rows else None
