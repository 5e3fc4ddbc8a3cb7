"""What a front end says about a shared (PostgreSQL) history: where it is, whether it answers,
and how many entries wait in the local spool to be sent to it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedHistoryState:
    location: str
    """The server and database as a person reads them (`postgresql://db.example/nowgg`);
    never a password."""
    reachable: bool
    """Whether the last attempt to write or read reached the server."""
    spooled: int
    """Entries written to the local spool while the server was away, not yet sent."""
    problem: str | None = None
    """Why the server is not reachable, in one line (None while it is)."""
