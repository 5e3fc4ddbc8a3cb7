"""How long the history keeps entries.

Defaults: a year, or 200,000 rows, whichever comes first. A year covers a chargeback or
refund dispute window; 200,000 rows keeps the file in the tens of megabytes and every search
in milliseconds (see bench/history_search.py).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DAYS = 365
DEFAULT_ROWS = 200_000


@dataclass(frozen=True)
class Retention:
    """Keep entries younger than `days` and at most the newest `rows`; None means no limit.

    Pruning never removes a consume whose outcome is still unknown, nor one in flight: that
    record is the only trace of money that may have changed hands.
    """

    days: int | None = DEFAULT_DAYS
    rows: int | None = DEFAULT_ROWS

    def __post_init__(self) -> None:
        if self.days is not None and self.days < 1:
            raise ValueError(f"retention days must be at least 1 (got {self.days})")
        if self.rows is not None and self.rows < 1:
            raise ValueError(f"retention rows must be at least 1 (got {self.rows})")
