"""Schema 2 → 3: every outcome in one of the shared categories, and the links of a proof.

Up to schema 2 the history knew five outcomes (ok, api_error, network_error, refused, unknown)
and wrote "network_error" for anything that was not now.gg's code: an HTTP 502 page, a reply
cut off half-way, a timeout, and even a consume `history resolve` had found *not consumed*.
The screen and `--json` said http, parse or timeout. This moves each row onto the categories
(console/outcome_category.py), reading what the row itself recorded:

- `api_error` → `api`;
- a consume `history resolve` settled: `ok` stays `ok` and is *consumed*; `network_error`
  (the old word for "found not consumed") becomes `unknown` (its own reply never came) and is
  *not consumed*;
- a consume whose proof settled a lost reply at once ("The consume's outcome was unknown (…);
  verifying shows …"): the category of the lost reply, and what the proof showed;
- any other `network_error`: from the reason every failure wrote, which starts the same way
  for each kind (`HTTP 502 …`, `the reply …`, `no reply within 15 s (timeout)`); anything else
  is `network`;
- `refused` rows written as "interrupted before it was sent" become `cancelled`, and a refused
  consume's guard is read from its reason's first word (`read_only: …`).

Forward-only and in the migration's one transaction (schema.py): all or nothing.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Final

_COLUMNS: Final = (
    "ALTER TABLE history ADD COLUMN guard TEXT",
    "ALTER TABLE history ADD COLUMN settlement TEXT",
    "ALTER TABLE history ADD COLUMN proof_entry INTEGER",
    "ALTER TABLE history ADD COLUMN proves_entry INTEGER",
    "ALTER TABLE history ADD COLUMN received TEXT",  # JSON: {status, contentType, size, text}
)

# The guards' ids as schema 2 wrote them at the start of a refusal's reason.
_GUARDS: Final = frozenset(
    {
        "read_only",
        "client_side_store",
        "invalid_input",
        "missing_key",
        "lookup_failed",
        "unpaid",
        "failed",
        "already_consumed",
        "unknown_state",
        "contradictory",
        "history_unavailable",
    }
)
_GUARD_PREFIX: Final = re.compile(r"([a-z_]+): ")
_SETTLED_INLINE: Final = "The consume's outcome was unknown ("
_NOTHING_SENT: Final = "Nothing was sent, so nothing was consumed: "
_INTERRUPTED: Final = "interrupted before it was sent"


def category_of_reason(reason: str | None) -> str:
    """The category of a failure from the reason schema 2 recorded for it."""
    text = (reason or "").strip()
    for prefix in (_SETTLED_INLINE, _NOTHING_SENT):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("HTTP ") or text.startswith("the server redirects"):
        return "http"
    if "(timeout)" in text or text.startswith("no complete reply within"):
        return "timeout"
    if text.startswith("the reply"):
        return "parse"
    if text.startswith(("the token", "the purchase token", "the store", "the URL")):
        return "input"
    return "network"


def classify_outcomes(connection: sqlite3.Connection) -> None:
    for statement in _COLUMNS:
        connection.execute(statement)
    connection.execute("UPDATE history SET outcome = 'api' WHERE outcome = 'api_error'")
    rows = connection.execute(
        "SELECT id, action, outcome, reason, resolved_at FROM history "
        "WHERE outcome IN ('network_error', 'refused') OR (action = 'consume' AND outcome = 'ok')"
    ).fetchall()
    for entry_id, action, outcome, reason, resolved_at in rows:
        changes = _changes(action, outcome, reason, resolved_at)
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            connection.execute(
                f"UPDATE history SET {assignments} WHERE id = ?", (*changes.values(), entry_id)
            )


def _changes(
    action: str, outcome: str, reason: str | None, resolved_at: str | None
) -> dict[str, str]:
    text = reason or ""
    if outcome == "refused":
        if text.startswith(_INTERRUPTED):
            return {"outcome": "cancelled"}
        found = _GUARD_PREFIX.match(text)
        if action == "consume" and found and found.group(1) in _GUARDS:
            return {"guard": found.group(1)}
        return {}
    if action == "consume" and outcome == "ok":
        return {"settlement": "consumed"}
    # network_error from here on
    if action == "consume" and resolved_at is not None:
        return {"outcome": "unknown", "settlement": "not_consumed"}
    if action == "consume" and text.startswith(_SETTLED_INLINE):
        return {"outcome": category_of_reason(text), "settlement": "not_consumed"}
    return {"outcome": category_of_reason(text)}
