"""A `HistoryFilter` as SQL: a WHERE clause the indexes in schema.py can answer."""

from __future__ import annotations

from typing import Final

from console.history.entries import Action, HistoryEntry, HistoryFilter, Outcome
from console.history.numbers import SQLITE_INTEGER_MAX
from console.history.rows import SELECT_COLUMNS, format_time

NEWEST_FIRST: Final = "ORDER BY at DESC, id DESC"

UNRESOLVED: Final = (
    # Spelled exactly as the partial index `history_unresolved`, so SQLite can use it.
    f"action = '{Action.CONSUME.value}' AND outcome = '{Outcome.UNKNOWN.value}' "
    "AND resolved_at IS NULL"
)
UNKNOWN_ACKNOWLEDGE: Final = (
    f"action = '{Action.ACKNOWLEDGE.value}' AND outcome = '{Outcome.UNKNOWN.value}' "
    "AND resolved_at IS NULL"
)
"""An acknowledge of unknown outcome: `history resolve` names it until it is answered."""
PROTECTED: Final = f"(pending = 1 OR ({UNRESOLVED}) OR ({UNKNOWN_ACKNOWLEDGE}))"
"""Rows pruning must never delete: in-flight writes, and consumes and acknowledges of unknown
outcome (the operator still has to find out what happened)."""


HELD_SQL: Final = (
    f"SELECT {SELECT_COLUMNS} FROM history WHERE token = ? AND environment = ? AND action = ? "
    "AND (pending = 1 OR (outcome = ? AND resolved_at IS NULL)) "
    "AND NOT (owner_host IS ? AND owner_pid IS ?) "
    f"{NEWEST_FIRST} LIMIT 1"
)
"""The newest write of the same action to the same token that another process left pending
or of unknown outcome: the team-wide marker a new write-ahead must not pass (store.begin).
This process's own earlier entries are its own business: the console shows them already."""


def held_key(entry: HistoryEntry) -> str:
    """What two write-aheads that must not both pass have in common (the HELD_SQL match)."""
    return f"{entry.action.value}\n{entry.environment}\n{entry.token}"


def held_params(entry: HistoryEntry) -> tuple[object, ...]:
    return (
        entry.token,
        entry.environment,
        entry.action.value,
        Outcome.UNKNOWN.value,
        entry.owner_host,
        entry.owner_pid,
    )


def _like_pattern(fragment: str) -> str:
    # The note search is "contains", so LIKE's own wildcards in the input must be literal.
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_sql(history_filter: HistoryFilter, *, like: str = "LIKE") -> tuple[str, list[object]]:
    """`like`: the backend's operator that ignores ASCII case, as SQLite's LIKE does."""
    clauses: list[str] = []
    params: list[object] = []
    f = history_filter
    if f.environment is not None:
        clauses.append("environment = ?")
        params.append(f.environment)
    if f.token is not None:
        clauses.append("token = ?")
        params.append(f.token)
    if f.order_id is not None:
        clauses.append("order_id = ?")
        params.append(f.order_id)
    if f.operator is not None:
        clauses.append("operator = ?")
        params.append(f.operator)
    if f.ticket is not None:
        clauses.append(f"note {like} ? ESCAPE '\\'")
        params.append(_like_pattern(f.ticket))
    if f.since is not None:
        clauses.append("at >= ?")
        params.append(format_time(f.since))
    if f.action is not None:
        clauses.append("action = ?")
        params.append(f.action.value)
    if f.outcome is not None:
        clauses.append("outcome = ?")
        params.append(f.outcome.value)
    if f.unresolved:
        clauses.append(f"({UNRESOLVED})")
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    limit = ""
    if f.limit is not None:
        limit = " LIMIT ?"
        # More than SQLite can count means "all of them", not an overflow.
        params.append(min(f.limit, SQLITE_INTEGER_MAX))
    return f"SELECT {SELECT_COLUMNS} FROM history {where}{NEWEST_FIRST}{limit}", params
