"""The history pane's status line: how many entries are listed, how many are this session's,
what is marked, and why the list may not be everything."""

from __future__ import annotations

from dataclasses import dataclass

from console.history import SPOOLED_WORDS
from console.history.text_search import DEFAULT_SCAN


@dataclass(frozen=True)
class Listing:
    shown: int
    this_session: int
    marked: int
    marked_not_listed: int
    session_only: bool
    limit: int
    partial: bool
    """A text filter is on: partial matches are looked for among the latest entries only."""
    spooled: int = 0
    """Listed entries of this machine's spool, which the shared history has not got yet."""


def status_words(listing: Listing) -> str:
    shown = listing.shown
    parts = [
        f"{shown} entr{'y' if shown == 1 else 'ies'}, newest first",
        f"{listing.this_session} this session",
    ]
    if listing.marked:
        hidden = listing.marked_not_listed
        parts.append(f"{listing.marked} marked" + (f" ({hidden} not listed)" if hidden else ""))
    if listing.spooled:
        parts.append(f"{listing.spooled} {SPOOLED_WORDS}")
    if listing.session_only:
        parts.append("this session only")
    if shown >= listing.limit:
        parts.append(f"the latest {listing.limit} shown: filter to find older ones")
    if listing.partial:
        parts.append(f"partial matches among the latest {DEFAULT_SCAN:,}")
    return " · ".join(parts)
