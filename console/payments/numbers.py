"""Numbers from a reply as a person can read them, whatever a server put there.

A state is one digit and a time in milliseconds thirteen; a reply may still carry 2**70, a
4,000-digit integer or (built by hand) infinity. Shown in full they would fill a screen or a
ticket with digits and say nothing; past `READABLE_DIGITS` they are described instead.
"""

from __future__ import annotations

import math
from typing import Final

READABLE_DIGITS: Final = 20
"""Longer than any number a purchase documents (times in ms have 13 digits)."""
MAX_AMOUNT_DIGITS: Final = 15
"""Digits before the decimal point of the largest plausible price, in any currency."""

_LOG10_2: Final = math.log10(2)


def digit_count(value: int) -> int:
    """Decimal digits of `value`, without turning an enormous int into text (Python refuses
    beyond 4300 digits, and it would cost time long before)."""
    magnitude = abs(value)
    if magnitude < 10**READABLE_DIGITS:
        return len(str(magnitude))
    estimate = int(magnitude.bit_length() * _LOG10_2) + 1
    # The estimate from the bit length is exact or one too many.
    return estimate if magnitude >= 10 ** (estimate - 1) else estimate - 1


def number_text(value: int | float) -> str:
    """`value` as written, or what it is when it cannot be read as a number:
    "an unreadable 25-digit number", "an unreadable non-finite number (inf)"."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"an unreadable non-finite number ({value!r})"
        return repr(value)
    digits = digit_count(value)
    if digits > READABLE_DIGITS:
        sign = "negative " if value < 0 else ""
        return f"an unreadable {sign}{digits}-digit number"
    return str(value)


def long_digit_run(text: str) -> str | None:
    """For a string of more than `READABLE_DIGITS` ASCII digits (a time or an amount that no
    date or price can be), what it is: "an unreadable 40-digit number"; else None."""
    body = text.strip()
    whole = body.split(".", 1)[0].lstrip("-")
    if len(whole) > READABLE_DIGITS and whole.isascii() and whole.isdigit():
        return f"an unreadable {len(whole)}-digit number"
    return None
