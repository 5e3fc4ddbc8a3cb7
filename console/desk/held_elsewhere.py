"""The refusal of a write another console holds: a consume (or acknowledge) of the same token
on the same environment that another process wrote ahead and whose outcome is pending or
unknown (`HeldElsewhere`, raised by the history's write-ahead in the transaction two consoles
cannot both pass).

Sending a second one could consume twice, so it is refused — naming who holds it, from where,
since when, on which environment and for which ticket, so that the operator can ask that
person rather than guess. `force` passes it, deliberately: the holder may be a console that
crashed and nobody has resolved yet.
"""

from __future__ import annotations

from datetime import UTC

from console.history import SPOOLED_WORDS, HistoryEntry

from .outcomes import Refusal, RefusalReason


def held_refusal(held: HistoryEntry) -> Refusal:
    """The forceable refusal naming the entry that holds the token (stored text, kept as it
    is: front ends make it printable where it meets a terminal)."""
    return Refusal(RefusalReason.HELD_ELSEWHERE, held_words(held), forceable=True)


def held_words(held: HistoryEntry) -> str:
    where = held.owner_host or held.host
    at = held.at.astimezone(UTC).strftime("%H:%M UTC")
    ticket = f" (ticket {held.note})" if held.note else ""
    spooled = f" ({SPOOLED_WORDS})" if held.spooled else ""
    return (
        f"{held.operator}'s {held.action.value} of this token from {where} at {at} on "
        f"{held.environment}{ticket}{spooled} is in flight or of unknown outcome — wait for it "
        "or run `history resolve`"
    )
    # How to force it is each front end's to say (`--force`, the Force box): a console
    # operator told of a command-line flag would look for one.
