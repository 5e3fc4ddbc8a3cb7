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


def read_digits(digits: str, layout: str) -> datetime | None:
    """`digits` read as a time in `layout`, as UTC; None when they are no plausible date."""
    try:
        when = datetime.strptime(digits, layout).replace(tzinfo=UTC)
    except ValueError:
        return None
    return when if when.year >= _EARLIEST_YEAR else None
