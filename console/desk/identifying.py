""" "What is this?" for a pasted text: the recogniser's words, and for a now.gg order id the
tokens the history saw with it — now.gg cannot be asked by order id, but this machine (or the
team's shared history) may have looked the order up before.

Nothing is sent: recognising reads text, and the history search runs in the history's thread
(`Workspace.search_history`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.history import HistoryFilter, HistoryUnavailable
from console.payments import PasteKind, Recognised, recognise

from .workspace import Workspace

_SEARCHED = 200
"""History entries read for one order id: enough for every token it was ever seen with."""


@dataclass(frozen=True)
class SeenWith:
    """A token the history holds with the order id: where and when it was last seen."""

    token: str
    environment: str
    at: datetime


@dataclass(frozen=True)
class Identified:
    recognised: Recognised
    seen_with: tuple[SeenWith, ...] = ()
    """For an order id: each token seen with it, newest first."""
    history_problem: str | None = None
    """Why the history could not be searched (off, locked, unreadable), or None."""

    @property
    def searched_history(self) -> bool:
        return self.recognised.kind is PasteKind.ORDER_ID and self.history_problem is None


async def identify(workspace: Workspace, text: str) -> Identified:
    recognised = recognise(text)
    if recognised.kind is not PasteKind.ORDER_ID:
        return Identified(recognised)
    try:
        entries = await workspace.search_history(
            HistoryFilter(order_id=recognised.text, limit=_SEARCHED)
        )
    except HistoryUnavailable as error:
        return Identified(recognised, history_problem=error.reason)
    seen: dict[str, SeenWith] = {}
    for entry in entries:  # newest first: the first sight of a token is its latest
        seen.setdefault(entry.token, SeenWith(entry.token, entry.environment, entry.at))
    return Identified(recognised, tuple(seen.values()))
