"""Reading `--since`: a date, a date and time (UTC unless a zone is given), or an age."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .targets import UsageError

_AGE = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`2026-11-01`, `2026-11-01T10:00`, `2026-11-01 10:00+09:00`, or `30m`, `12h`, `7d`, `2w`."""
    value = text.strip()
    age = _AGE.fullmatch(value.lower())
    if age:
        amount, unit = int(age.group(1)), _UNITS[age.group(2)]
        return (now or datetime.now(UTC)) - timedelta(**{unit: amount})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--since {text!r} is neither a date (2026-11-01, 2026-11-01T10:00) nor an age "
            "(30m, 12h, 7d, 2w)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
