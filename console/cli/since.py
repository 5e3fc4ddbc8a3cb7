"""Reading `--since`: a date, a date and time (UTC unless a zone is given), or an age.

An age reaches back at most 100 years (`36500d`), and a date must lie between the years 1 and
9999 in UTC: past that, Python's dates overflow, and no history is that old anyway.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Final

# [0-9], not \d: only ASCII digits.
_AGE: Final = re.compile(r"([0-9]+)\s*([mhdw])")
# More digits than this is more than 100 years in any unit; int() is never asked to read them
# (Python refuses beyond 4300 digits with an error of its own).
_MAX_AGE_DIGITS: Final = 9
_MINUTES: Final = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
MAX_AGE_DAYS: Final = 36_500
EXPECTED: Final = (
    "a date (2026-11-01, 2026-11-01T10:00, UTC unless a zone such as +09:00 is given) or an "
    "age up to 100 years (30m, 12h, 7d, 2w, at most 36500d)"
)


class SinceRefused(ValueError):
    """Why the text is no `--since`; `why` completes "--since 'text' …"."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`2026-11-01`, `2026-11-01T10:00`, `2026-11-01 10:00+09:00`, or `30m`, `12h`, `7d`, `2w`;
    the moment in UTC. Raises `SinceRefused`."""
    value = text.strip()
    age = _AGE.fullmatch(value.lower())
    if age:
        digits = age.group(1).lstrip("0") or "0"
        minutes = int(digits) * _MINUTES[age.group(2)] if len(digits) <= _MAX_AGE_DIGITS else -1
        # Compared before timedelta() is asked: 999999999w would overflow it.
        if not 0 <= minutes <= MAX_AGE_DAYS * _MINUTES["d"]:
            raise SinceRefused(f"reaches back more than 100 years; expected {EXPECTED}")
        return (now or datetime.now(UTC)) - timedelta(minutes=minutes)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SinceRefused(f"is neither a date nor an age; expected {EXPECTED}") from None
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:
        raise SinceRefused(
            f"lies outside the years 1 to 9999 in UTC; expected {EXPECTED}"
        ) from None
