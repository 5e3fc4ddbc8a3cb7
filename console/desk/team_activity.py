"""Who else touched a purchase: the history's entries for a token or an order id that a lookup
shows beside the purchase, so that an agent sees "consumed by alice at 13:05 UTC on production
· ticket ZD-1234" before doing anything to it.

What counts: every write — consume, acknowledge, resolve — by anyone (this operator's own
included: a consume made an hour ago from another window is news too), and the verifies of
other operators. This operator's own verifies are left out: one of them is the lookup on
screen, and the others say nothing a person does not know already. So is the verify that
proves a consume: the consume's own line says what it came to.

Pure: the workspace reads the entries in a thread (`Workspace.others_touched`); front ends
make the words printable where they meet a terminal (they hold operators' names and notes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from console.history import SPOOLED_WORDS, Action, HistoryEntry, Outcome, Settlement

SHOWN: Final = 3
"""How many a lookup names; the rest are counted ("and 4 more")."""
SEARCHED: Final = 200
"""How many of the newest entries per token or order id are read: plenty for "and N more"."""
_NOTE_CHARS: Final = 60


@dataclass(frozen=True)
class Touch:
    entry: HistoryEntry
    words: str
    """`consumed by alice at 13:05 UTC on production · ticket ZD-1234`."""


@dataclass(frozen=True)
class OthersTouched:
    """The newest entries of others beside a lookup, and how many more there are."""

    touches: tuple[Touch, ...] = ()
    more: int = 0

    @property
    def empty(self) -> bool:
        return not self.touches

    def lines(self) -> list[str]:
        """One line per touch, then `and N more` (nothing at all when nobody touched it)."""
        lines = [touch.words for touch in self.touches]
        if self.more:
            lines.append(f"and {self.more} more (nowgg-console history --token …)")
        return lines


def others_touched(
    entries: Iterable[HistoryEntry],
    *,
    operator: str,
    now: datetime | None = None,
    shown: int = SHOWN,
) -> OthersTouched:
    """The entries that count (see the module's docstring), newest first, each once."""
    now = now or datetime.now(UTC)
    seen: set[int | None] = set()  # the token's and the order id's searches overlap
    counted: list[HistoryEntry] = []
    for entry in entries:
        if entry.id in seen:
            continue
        seen.add(entry.id)
        if entry.action is Action.VERIFY and entry.operator == operator:
            continue
        if entry.proves_entry is not None and entry.action is Action.VERIFY:
            continue  # a consume's proof: the consume's own words say what it showed
        counted.append(entry)
    counted.sort(key=lambda entry: (entry.at, entry.id or 0), reverse=True)
    touches = tuple(Touch(entry, touch_words(entry, now)) for entry in counted[:shown])
    return OthersTouched(touches, max(0, len(counted) - shown))


def touch_words(entry: HistoryEntry, now: datetime) -> str:
    """`consumed by alice at 13:05 UTC on production · ticket ZD-1234`; a day other than
    today's (UTC) is named."""
    at = entry.at.astimezone(UTC)
    today = at.date() == now.astimezone(UTC).date()
    when = f"{at:%H:%M} UTC" if today else f"{at:%Y-%m-%d %H:%M} UTC"
    words = f"{_what(entry)} by {entry.operator} at {when} on {entry.environment}"
    note = " ".join((entry.note or "").split())
    if note:
        if len(note) > _NOTE_CHARS:
            note = note[: _NOTE_CHARS - 1] + "…"
        words += f" · ticket {note}"
    if entry.spooled:
        # Only this console knows of it: nobody else's lookup shows it yet.
        words += f" · {SPOOLED_WORDS}"
    return words


def _what(entry: HistoryEntry) -> str:
    action = entry.action
    if action is Action.VERIFY:
        return "verified"
    if action is Action.RESOLVE:
        return "resolved (verified to settle a consume)"
    done = "consumed" if action is Action.CONSUME else "acknowledged"
    name = action.value
    if entry.pending:
        return f"{name} in flight"
    outcome = entry.outcome
    if outcome is Outcome.OK:
        return done
    if outcome is Outcome.UNKNOWN:
        # Settled later by verifying (its proof, or `history resolve`), or still nobody knows.
        if entry.settlement is Settlement.CONSUMED:
            return f"{done} (settled by verifying)"
        if entry.settlement is Settlement.NOT_CONSUMED:
            return f"{name} that did not take effect"
        return f"{name} of unknown outcome" if entry.resolved_at is None else f"{name}, resolved"
    if outcome is Outcome.REFUSED:
        return f"refused {name}"
    if outcome is Outcome.CANCELLED:
        return f"cancelled {name}"
    return f"failed {name} ({outcome.value})"
