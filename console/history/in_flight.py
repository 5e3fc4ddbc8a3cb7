"""Which consumes are still in flight, asked of the operating system rather than of the clock.

The process that writes a consume ahead first creates a lock file of its own beside the
database (`history.sqlite3.in-flight/<random>.lock`) and holds an exclusive `flock` on it until
the consume's outcome is recorded; the entry names the file. The kernel releases the lock when
the process ends, however it ends (SIGKILL included), so `history resolve` can tell a consume
that may still be running — its lock cannot be taken — from one whose process is gone, whatever
their age. The file is taken before the entry is written, so no entry is ever visible without
its lock held; and it is removed by whoever finishes with it last (the consumer, or the resolve
that settled an abandoned entry).

Advisory locks mean something only on one machine: an entry written on another host is left to
the clock (its request's deadline), and said so.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import socket
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final, Protocol

from console.history.uid import random_uuid_hex

_DIRECTORY_SUFFIX: Final = ".in-flight"
_NAME: Final = re.compile(r"[0-9a-f]{32}\.lock")


def this_host() -> str:
    return socket.gethostname() or "localhost"


def in_flight_dir(database: Path) -> Path:
    return database.with_name(database.name + _DIRECTORY_SUFFIX)


class InFlightLock(Protocol):
    """A consume's in-flight lock as this process holds it: a lock file here, a session
    advisory lock on PostgreSQL (postgres_locks.py). `name` goes into the entry."""

    @property
    def name(self) -> str: ...

    def release(self) -> None: ...


@dataclass
class HeldLock:
    """A lock this process holds; `release` ends the claim and removes the file."""

    path: Path
    descriptor: int | None

    @property
    def name(self) -> str:
        return self.path.name

    def release(self) -> None:
        descriptor, self.descriptor = self.descriptor, None
        if descriptor is None:
            return
        # Removed while still locked: nobody can take a lock on a file about to go away and
        # mistake its absence for "finished" before the outcome is recorded.
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        os.close(descriptor)


def hold_new(database: Path) -> HeldLock:
    """A new lock file beside `database`, locked by this process. Raises OSError."""
    directory = in_flight_dir(database)
    directory.mkdir(mode=0o700, exist_ok=True)
    path = directory / f"{random_uuid_hex()}.lock"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return HeldLock(path, descriptor)


class Liveness(StrEnum):
    HELD = "held"
    """A live process holds the lock: the consume may still be running."""
    CLAIMED = "claimed"
    """Its process is gone (or finished) and the lock is now ours until released."""
    UNTRACKED = "untracked"
    """No usable lock (an entry of an older version, or written on another host)."""


@dataclass
class Claim:
    liveness: Liveness
    lock: InFlightLock | None = None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


def claim(database: Path, lock_name: str | None, owner_host: str | None) -> Claim:
    """Try to take an entry's lock, without waiting."""
    if not lock_name or not _NAME.fullmatch(lock_name) or owner_host != this_host():
        return Claim(Liveness.UNTRACKED)
    path = in_flight_dir(database) / lock_name
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        # Removed by a consumer that recorded its outcome, or by an earlier resolve.
        return Claim(Liveness.CLAIMED)
    except OSError:
        return Claim(Liveness.UNTRACKED)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return Claim(Liveness.HELD)
    except OSError:
        os.close(descriptor)
        return Claim(Liveness.UNTRACKED)
    return Claim(Liveness.CLAIMED, HeldLock(path, descriptor))
