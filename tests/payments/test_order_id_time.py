"""An order id's creation time (`1-` + yyyyMMddHHmmss + digits), read field by field without
`strptime` in the usual case (payments/order_ids.py): the same time `strptime` reads, or the
same None, for every digit string — including those where `strptime` would read another split
of the digits, which it still decides."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.payments.order_ids import order_id_time, read_digits

FULL = "%Y%m%d%H%M%S"
SHORT = "%y%m%d%H%M%S"


def _strptime(digits: str, layout: str) -> datetime | None:
    try:
        when = datetime.strptime(digits, layout).replace(tzinfo=UTC)
    except ValueError:
        return None
    return when if when.year >= 2015 else None


@pytest.mark.parametrize(
    ("digits", "layout"),
    [
        ("20241030060801", FULL),  # the usual
        ("20240229235959", FULL),  # a leap day
        ("20230229000000", FULL),  # no such day
        ("20241300000000", FULL),  # month 13: strptime tries other splits
        ("20241231240000", FULL),  # hour 24
        ("20241231235960", FULL),  # second 60
        ("20240001010101", FULL),  # month 0
        ("20141231235959", FULL),  # before now.gg's payments
        ("241030060801", SHORT),
        ("691030060801", SHORT),  # %y: 1969
        ("681030060801", SHORT),  # %y: 2068
        ("2410300608", SHORT),  # too short
        ("２０２４１０３００６０８０１", FULL),  # full-width digits
    ],
)
def test_reads_what_strptime_reads(digits: str, layout: str) -> None:
    assert read_digits(digits, layout) == _strptime(digits, layout)


def test_an_order_id_tells_its_creation_time_in_utc() -> None:
    assert order_id_time("1-2024103006080100000000001") == datetime(
        2024, 10, 30, 6, 8, 1, tzinfo=UTC
    )
    assert order_id_time("1-2024133006080100000000001") is None
