"""What every operation of one desk works with: its environment, the connection to it (client
and key), where its calls are recorded, and the door every write goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from console.settings.environments import Environment
from console.settings.keys import KeyResolver

from .connection import Connection
from .deadline import request_deadline
from .recording import Recorder

TYPE_CHECKING = False  # write_ahead.py loads with a desk's first consume, never for a lookup
if TYPE_CHECKING:
    from .write_ahead import WriteAhead


@dataclass(frozen=True)
class DeskContext:
    environment: Environment
    connection: Connection
    keys: KeyResolver
    recorder: Recorder | None
    """None for a desk without a history (tests, benchmarks): lookups only, on no record."""
    write_ahead_source: Callable[[], WriteAhead]
    """The gate every write goes through, made (or fetched) on first use: a lookup never
    needs it, so the command line's `verify` does not load it."""
    config_path: Path | None = None
    """The config file, where a verify path's spelling that worked is remembered; None for a
    desk without settings (it remembers for its own lifetime only)."""

    @property
    def write_ahead(self) -> WriteAhead:
        return self.write_ahead_source()

    @property
    def host(self) -> str:
        return self.connection.host

    @property
    def deadline_s(self) -> float:
        """The total deadline of one request here (this environment's timeouts)."""
        return request_deadline(self.connection.timeouts)


def now() -> datetime:
    """The local time, with its zone: when an operation started, as a front end shows it."""
    return datetime.now().astimezone()
