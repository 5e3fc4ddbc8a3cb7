"""Free-text search of the history, for a filter box: what a person pastes from a ticket.

Exact matches (a whole token, a whole order id, an environment name) and note fragments are
found across the whole history through its indexes; partial matches of a token or an order id
(the end of a token quoted in a chat) are looked for among the latest `scan` entries only,
because a substring cannot use an index and the history may hold hundreds of thousands.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from console.history.entries import Action, HistoryEntry, HistoryFilter, Outcome
from console.history.store import HistoryStore

DEFAULT_SCAN: Final = 2000


def matches_text(entry: HistoryEntry, text: str) -> bool:
    """True when `text` (any case) is part of the token, order id, note or environment."""
    needle = text.strip().casefold()
    fields = (entry.token, entry.order_id, entry.note, entry.environment)
    return any(needle in field.casefold() for field in fields if field)


def search_text(
    store: HistoryStore,
    text: str,
    *,
    action: Action | None = None,
    outcome: Outcome | None = None,
    operator: str | None = None,
    limit: int = 500,
    scan: int = DEFAULT_SCAN,
) -> list[HistoryEntry]:
    """Entries matching `text` and the optional action, outcome and operator, newest first."""
    base = HistoryFilter(action=action, outcome=outcome, operator=operator, limit=limit)
    text = text.strip()
    if not text:
        return store.search(base)
    found: dict[int | None, HistoryEntry] = {}
    for exact in (
        replace(base, token=text),
        replace(base, order_id=text),
        replace(base, ticket=text),
        replace(base, environment=text),
    ):
        found.update((entry.id, entry) for entry in store.search(exact))
    recent = store.search(replace(base, limit=max(scan, limit)))
    found.update((entry.id, entry) for entry in recent if matches_text(entry, text))
    newest_first = sorted(found.values(), key=lambda entry: (entry.at, entry.id or 0), reverse=True)
    return newest_first[:limit]
