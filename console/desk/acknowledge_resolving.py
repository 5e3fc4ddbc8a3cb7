"""What `history resolve` can say about acknowledges whose outcome is unknown.

A consume of unknown outcome is settled by verifying. An acknowledge cannot be: the verify
reply has no field that says whether a subscription is acknowledged, and resolve sends no
write. So each such entry is named with the reason and the way out — acknowledge again, which
now.gg answers (5002 when the first went through) and never doubles — unless a later
acknowledge of the same token in the same place already got a known answer, which tells.
"""

from __future__ import annotations

import asyncio

from console.history import Action, HistoryEntry, HistoryFilter, HistoryStore, Outcome
from console.payments import CODE_INVALID_SUBSCRIPTION_OPERATION

from .resolving import Resolution, Settled

CANNOT_TELL = (
    "cannot be settled by verifying: verifyPurchase says nothing about acknowledgement. "
    "Acknowledge it again before its deadline (nowgg-console acknowledge {token}): now.gg "
    "answers 5002 if this one went through and never acknowledges twice"
)


async def unknown_acknowledges(history: HistoryStore) -> list[Resolution]:
    """Every acknowledge on record with its outcome unknown, each with what can be said."""
    entries = await asyncio.to_thread(
        history.search, HistoryFilter(action=Action.ACKNOWLEDGE, limit=None)
    )
    said: list[Resolution] = []
    for index, entry in enumerate(entries):  # newest first
        if entry.outcome is not Outcome.UNKNOWN or entry.resolved_at is not None:
            continue
        later = _later_answer(entry, entries[:index])
        said.append(Resolution(entry, Settled.STILL_UNKNOWN, later or _cannot_tell(entry)))
    return said


def _later_answer(entry: HistoryEntry, newer: list[HistoryEntry]) -> str | None:
    """What a later acknowledge of the same token and host was answered, when it tells."""
    for other in reversed(newer):  # the first one after `entry`
        if (other.token, other.host) != (entry.token, entry.host):
            continue
        if other.outcome is Outcome.OK:
            return (
                f"entry {other.id}, a later acknowledge, was answered success: this one "
                "did not go through, and the subscription is acknowledged now"
            )
        if other.outcome is Outcome.API and other.code == CODE_INVALID_SUBSCRIPTION_OPERATION:
            return (
                f"entry {other.id}, a later acknowledge, was answered 5002: most likely this "
                "one went through (or the game server acknowledged it); nothing more to send"
            )
    return None


def _cannot_tell(entry: HistoryEntry) -> str:
    return CANNOT_TELL.format(token=entry.token)
