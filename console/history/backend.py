"""What `HistoryStore` asks of a database, so one store serves SQLite and PostgreSQL.

The store speaks one SQL (SQLite's spelling: `?` and `:name` placeholders); each backend runs
it in its own transactions, maps its own errors to `HistoryUnavailable`, and says what differs
(how to write "no limit", which LIKE ignores case, how a consume's in-flight lock is held).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from console.history.shared_state import SharedHistoryState

if TYPE_CHECKING:  # a consume's: loaded with the first write ahead (in_flight.py)
    from console.history.in_flight import Claim, InFlightLock

T = TypeVar("T")

Params = Sequence[object] | Mapping[str, object]


class Rows(Protocol):
    """What a statement returns: sqlite3's and psycopg's cursors both are this."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Transaction(Protocol):
    """One open write transaction."""

    def execute(self, sql: str, params: Params = ()) -> Rows: ...

    def insert(self, sql: str, params: Params) -> int:
        """Run an INSERT of one row into `history`; its new id."""
        ...

    def serialize_on(self, key: str) -> None:
        """Until this transaction ends, no other transaction that serialises on `key` runs
        (the write-ahead's check-then-insert). SQLite's write lock already does that."""
        ...


class Backend(Protocol):
    location: str
    """The database as a person reads it (a path, or a URL without its password)."""
    no_limit: str
    """`LIMIT <this> OFFSET n`: every row after the first n."""
    case_blind_like: str
    """The LIKE operator that ignores ASCII case (SQLite's LIKE does; PostgreSQL's ILIKE)."""

    @property
    def notices(self) -> tuple[str, ...]: ...

    @property
    def is_open(self) -> bool: ...

    def write(
        self, work: Callable[[Transaction], T], *, patient: bool = True, durable: bool = False
    ) -> T: ...

    def read(self, sql: str, params: Params) -> list[tuple[Any, ...]]: ...

    def has_table(self, name: str) -> bool: ...

    def hold_new(self) -> InFlightLock:
        """A new in-flight lock, held by this process until released or its end."""
        ...

    def claim(self, lock_name: str | None, owner_host: str | None) -> Claim: ...

    def shared_state(self) -> SharedHistoryState | None: ...

    def close(self) -> None: ...
