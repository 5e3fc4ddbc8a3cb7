"""In-flight locks on PostgreSQL: a session advisory lock per consume, held on a connection
of its own by the process that sends it.

The server releases a session lock when its connection ends — however the process ends
(SIGKILL, a cut cable, once the server notices) — so `history resolve` on any machine can tell
a consume that may still be running (its lock cannot be taken) from one whose process is gone.
That is the flock of in_flight.py, made to work across machines. The entry names the lock
(`<32 hex>.lock`, as on SQLite); the key is the first 64 bits of that name.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Callable
from typing import Final

import psycopg

from console.history.in_flight import Claim, Liveness

_NAME: Final = re.compile(r"([0-9a-f]{32})\.lock")


def lock_key(name: str) -> int | None:
    """The advisory lock key of a lock name; None for a name that is not one of ours."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    return int.from_bytes(bytes.fromhex(match.group(1)[:16]), "big", signed=True)


class AdvisoryLock:
    """A session advisory lock this process holds, on a connection kept for it alone."""

    def __init__(self, name: str, connection: psycopg.Connection[tuple[object, ...]]) -> None:
        self._name = name
        self._connection: psycopg.Connection[tuple[object, ...]] | None = connection

    @property
    def name(self) -> str:
        return self._name

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        # Closing ends the session, which releases the lock even if the unlock cannot run.
        with contextlib.suppress(psycopg.Error):
            connection.close()


Connect = Callable[[], "psycopg.Connection[tuple[object, ...]]"]


def hold_new(connect: Connect) -> AdvisoryLock:
    """Take a new lock (raises psycopg.Error when the server cannot be reached)."""
    name = f"{uuid.uuid4().hex}.lock"
    key = lock_key(name)
    assert key is not None
    connection = connect()
    try:
        connection.execute("SELECT pg_advisory_lock(%s)", (key,))
    except BaseException:
        connection.close()
        raise
    return AdvisoryLock(name, connection)


def claim(connect: Connect, lock_name: str | None) -> Claim:
    """Try to take an entry's lock without waiting: HELD while its consumer's session lives."""
    key = lock_key(lock_name or "")
    if key is None or lock_name is None:
        return Claim(Liveness.UNTRACKED)
    connection = connect()
    try:
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
    except BaseException:
        connection.close()
        raise
    if row is None or not row[0]:
        connection.close()
        return Claim(Liveness.HELD)
    return Claim(Liveness.CLAIMED, AdvisoryLock(lock_name, connection))
