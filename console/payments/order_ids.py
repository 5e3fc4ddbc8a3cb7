"""now.gg's order ids and the time they carry: `1-` + yyyyMMddHHmmss + digits (API.md:
`1-2022052708285322094340093`), the timestamp being the order's creation."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

ORDER_ID: Final = re.compile(r"1-(\d{14})(\d+)")
_EARLIEST_YEAR: Final = 2015
"""now.gg's payments started long after: an earlier "date" is digits that are no date."""


def order_id_time(order_id: str) -> datetime | None:
    """The creation time an order id carries, as UTC (as written in it); None for an order
    id of another shape or digits that are no date."""
    found = ORDER_ID.fullmatch(order_id.strip())
    return read_digits(found.group(1), "%Y%m%d%H%M%S") if found is not None else None


_YEAR_DIGITS: Final = {"%Y%m%d%H%M%S": 4, "%y%m%d%H%M%S": 2}
"""The layouts read here: the year's digits, then two each for month, day, hour, minute and
second."""
_HIGHEST: Final = (12, 31, 23, 59, 61)
"""What `strptime` accepts for each two-digit field (seconds up to 61, for leap seconds)."""


def read_digits(digits: str, layout: str) -> datetime | None:
    """`digits` read as a time in `layout`, as UTC; None when they are no plausible date."""
    try:
        when = _fixed_width(digits, layout) or datetime.strptime(digits, layout)
    except ValueError:
        return None
    when = when.replace(tzinfo=UTC)
    return when if when.year >= _EARLIEST_YEAR else None


def _fixed_width(digits: str, layout: str) -> datetime | None:
    """The time `strptime` reads when every field has its full width (its first reading), or
    None for the rare digits where it might read another split: then `strptime` decides. Its
    module builds locale tables and a dozen patterns on first use, a few milliseconds of
    every `verify` that reads an order id's time."""
    width = _YEAR_DIGITS.get(layout)
    if width is None or len(digits) != width + 10 or not digits.isascii() or not digits.isdigit():
        return None
    fields = [int(digits[at : at + 2]) for at in range(width, width + 10, 2)]
    if not all(1 <= value <= high for value, high in zip(fields[:2], _HIGHEST[:2], strict=True)):
        return None
    if any(value > high for value, high in zip(fields[2:], _HIGHEST[2:], strict=True)):
        return None
    year = int(digits[:width])
    if width == 2:
        year += 2000 if year <= 68 else 1900  # strptime's rule for %y
    month, day, hour, minute, second = fields
    return datetime(year, month, day, hour, minute, second)  # ValueError: no such day
