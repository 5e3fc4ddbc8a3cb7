"""The history's own errors: sqlite3 exceptions never reach a front end raw.

Every `HistoryUnavailable` says what went wrong (`reason`, naming the file) and what a person
can do about it (`remedy`): the same words serve a one-line warning after a lookup and the
refusal of a consume that could not be written ahead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from console.history.entries import HistoryEntry

DATA_VARIABLE: Final = "NOWGG_CONSOLE_DATA"

_ELSEWHERE: Final = f"or point {DATA_VARIABLE} at a folder you can write"
_MOVE_AWAY: Final = (
    "move it away (mv {path} {path}.damaged, kept for inspection); a new history is started "
    "on the next command"
)


class HistoryUnavailable(Exception):
    """The history cannot be read or written; `reason` is one line for a person, `remedy`
    what to do about it."""

    def __init__(self, reason: str, remedy: str | None = None, *, busy: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.remedy = remedy or "fix the history database, then try again"
        self.busy = busy
        """Another program held the lock: the history itself is fine, try again later."""

    @property
    def explained(self) -> str:
        """The cause and the way out, in one line."""
        return f"{self.reason}. To fix it: {self.remedy}"


class SharedHistoryUnreachable(HistoryUnavailable):
    """The shared history's server could not be reached (down, network, refused login) and
    nothing was written there: the write can go to the local spool instead (spool.py)."""


class HeldElsewhere(Exception):
    """A write-ahead refused because another process's write of the same kind to the same
    token is in flight or of unknown outcome (`held`, as stored: who, where, when). Sending a
    second one could consume or acknowledge twice; `force` exists, deliberately."""

    def __init__(self, held: HistoryEntry) -> None:
        super().__init__(
            f"another {held.action.value} of this token is in flight or of unknown outcome: "
            f"entry #{held.id} by {held.operator} on {held.owner_host or held.host}"
        )
        self.held = held


class HistoryEntryNotFound(LookupError):
    """No entry with that id (wrong number, or pruned)."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(f"no history entry #{entry_id}")
        self.entry_id = entry_id


# Primary result codes (the low byte of an extended code); see sqlite.org/rescode.html.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3,
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
)


def primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(error: sqlite3.Error) -> bool:
    """Another connection holds the lock: worth waiting and trying again."""
    if primary_code(error) in (_BUSY, _LOCKED):
        return True
    message = str(error).lower()
    return "database is locked" in message or "database is busy" in message


def is_corrupt(error: sqlite3.Error) -> bool:
    """The file is damaged or is not a database at all (never true of a merely busy one)."""
    return primary_code(error) in (_CORRUPT, _NOTADB)


def damaged(path: Path, detail: str) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"the history database {path} is damaged ({detail})", _MOVE_AWAY.format(path=path)
    )


def unavailable(error: sqlite3.Error, path: Path) -> HistoryUnavailable:
    """A `HistoryUnavailable` that says what went wrong with `path` in plain words."""
    code = primary_code(error)
    detail = " ".join(str(error).split())
    writable = f"make {path} and its folder {path.parent} writable by you (chmod u+w) {_ELSEWHERE}"
    if code == _READONLY:
        return HistoryUnavailable(f"the history database {path} is read-only ({detail})", writable)
    if code == _CANTOPEN:
        return HistoryUnavailable(
            f"cannot open the history database {path} ({detail})",
            f"check that {path.parent} exists and that you can write there (SQLite creates "
            f"{path.name}-wal and {path.name}-shm beside the file), {_ELSEWHERE}",
        )
    if code == _PERM:
        return HistoryUnavailable(
            f"no permission to use the history database {path} ({detail})", writable
        )
    if code == _FULL:
        return HistoryUnavailable(
            f"the disk holding the history database {path} is full ({detail})",
            f"free some space on that disk (df -h {path.parent}) {_ELSEWHERE}",
        )
    if code == _IOERR:
        return HistoryUnavailable(
            f"a disk error occurred on the history database {path} ({detail})",
            "check that disk (free space, dmesg); if the file is damaged, "
            + _MOVE_AWAY.format(path=path),
        )
    if code in (_BUSY, _LOCKED) or is_busy(error):
        return HistoryUnavailable(
            f"the history database {path} stayed locked by another program for too long",
            "wait for, or close, the program holding it (another nowgg-console, an sqlite3 "
            f"shell: `fuser {path}` shows who has it open)",
            busy=True,
        )
    if code in (_CORRUPT, _NOTADB):
        return damaged(path, detail)
    return HistoryUnavailable(
        f"the history database {path} cannot be used ({detail})",
        f"if the file is damaged, {_MOVE_AWAY.format(path=path)}",
    )


def folder_unavailable(error: OSError, folder: Path) -> HistoryUnavailable:
    """Why the history's folder (or file) could not be created, in one line."""
    if isinstance(error, NotADirectoryError | FileExistsError):
        return HistoryUnavailable(
            f"cannot create the history folder {folder}: part of that path is a file, not a folder",
            f"move that file away {_ELSEWHERE}",
        )
    if isinstance(error, PermissionError):
        return HistoryUnavailable(
            f"no permission to create or write the history folder {folder}",
            f"make {folder} writable by you (chmod u+w {folder}) {_ELSEWHERE}",
        )
    if isinstance(error, IsADirectoryError):
        return path_is_a_folder(Path(str(error.filename)))
    return HistoryUnavailable(
        f"cannot prepare the history folder {folder} ({error.strerror or error})",
        f"check that disk and that folder {_ELSEWHERE}",
    )


def path_is_a_folder(path: Path) -> HistoryUnavailable:
    return HistoryUnavailable(
        f"the history database path {path} is a folder, not a file",
        f"move that folder away (it is not a history: mv {path} {path}.folder) {_ELSEWHERE}",
    )


def number_out_of_range(path: Path, error: OverflowError) -> HistoryUnavailable:
    """A safety net only: values are made storable before they reach SQLite (numbers.py)."""
    return HistoryUnavailable(
        f"a number too large for the history database {path} was refused ({error})",
        "report this as a bug in nowgg-console",
    )
