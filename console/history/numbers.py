"""Numbers as SQLite can hold them: a reply may carry any integer (a code of 2**64, say), and
SQLite's INTEGER is 64-bit — binding a bigger one raises OverflowError from deep inside
sqlite3. The history stores such a value as NULL in its numeric column and keeps it, as
text, in the reason (and untouched in the reply's JSON), so nothing is lost and nothing
raises."""

from __future__ import annotations

import math
from typing import Final

SQLITE_INTEGER_MIN: Final = -(2**63)
SQLITE_INTEGER_MAX: Final = 2**63 - 1


def fits_integer(value: int) -> bool:
    return SQLITE_INTEGER_MIN <= value <= SQLITE_INTEGER_MAX


def storable_int(value: int | None) -> int | None:
    """`value` when SQLite can store it as an INTEGER, else None."""
    if value is None or not isinstance(value, int) or not fits_integer(value):
        return None
    return int(value)


def storable_real(value: float | None) -> float | None:
    """`value` as a finite float, else None (an int too large for a float, inf, nan)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def code_and_reason(code: int | None, reason: str | None) -> tuple[int | None, str | None]:
    """The code for its column, and the reason — saying so when the code could not be kept
    as a number."""
    if code is None or storable_int(code) is not None:
        return code, reason
    said = f"reply code {code} is too large to store as a number; kept here as text"
    return None, f"{reason} ({said})" if reason else said
