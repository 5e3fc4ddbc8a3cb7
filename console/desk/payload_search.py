"""The history searched by the game's own ids: `history --payload uid=10001`.

A ticket names the player by the id the game put in `developerPayload`, not by a token. The
history keeps each reply whole, so the entries are read and their payloads decoded
(`decode_payload`: JSON, a query string or key=value pairs) — in the history's thread, like any
search, over the entries the other filters leave; the limit counts matches, not rows read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from console.history import HistoryEntry, HistoryFilter
from console.payments import payload_matches

from .workspace import Workspace


def payload_of(entry: HistoryEntry) -> object:
    """The entry's `developerPayload`: from the reply's data, else from the request."""
    for body in (entry.reply, entry.request):
        data = body.get("data") if isinstance(body, Mapping) else None
        for holder in (data, body):
            if isinstance(holder, Mapping) and "developerPayload" in holder:
                return holder["developerPayload"]
    return None


async def search_by_payload(
    workspace: Workspace, history_filter: HistoryFilter, name: str, value: str
) -> list[HistoryEntry]:
    """Entries matching `history_filter` whose payload holds `name` = `value`, newest first.
    Raises `HistoryUnavailable` as `Workspace.search_history` does."""
    entries = await workspace.search_history(replace(history_filter, limit=None))
    matched = [entry for entry in entries if payload_matches(payload_of(entry), name, value)]
    limit = history_filter.limit
    return matched[:limit] if limit is not None else matched
