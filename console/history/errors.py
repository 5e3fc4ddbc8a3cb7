"""The history's own errors: sqlite3 exceptions never reach a front end raw.

A front end shows `HistoryUnavailable.reason` as one line and carries on without history, so
every reason names the file and says what a person can do about it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class HistoryUnavailable(Exception):
    """The history cannot be read or written; `reason` is one line for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def unavailable(error: sqlite3.Error, path: Path) -> HistoryUnavailable:
    """A `HistoryUnavailable` whose reason says what went wrong with `path` in plain words."""
    code = primary_code(error)
    detail = " ".join(str(error).split())
    if code == _READONLY:
        reason = f"the history database {path} is read-only ({detail}); check its permissions"
    elif code == _CANTOPEN:
        reason = (
            f"cannot open the history database {path} ({detail}); "
            "check that its folder exists and is writable"
        )
    elif code == _PERM:
        reason = f"no permission to use the history database {path} ({detail})"
    elif code == _FULL:
        reason = f"the disk holding the history database {path} is full"
    elif code == _IOERR:
        reason = f"a disk error occurred on the history database {path} ({detail})"
    elif code in (_BUSY, _LOCKED) or is_busy(error):
        reason = (
            f"the history database {path} stayed locked by another console for too long; try again"
        )
    elif code in (_CORRUPT, _NOTADB):
        reason = (
            f"the history database {path} is damaged ({detail}); "
            "rename or move it away to start a new history"
        )
    else:
        reason = f"the history database {path} cannot be used ({detail})"
    return HistoryUnavailable(reason)


def folder_unavailable(error: OSError, folder: Path) -> HistoryUnavailable:
    """Why the history's folder (or file) could not be created, in one line."""
    if isinstance(error, NotADirectoryError | FileExistsError):
        reason = (
            f"cannot create the history folder {folder}: part of that path is a file, not a folder"
        )
    elif isinstance(error, PermissionError):
        reason = f"no permission to create or write the history folder {folder}"
    elif isinstance(error, IsADirectoryError):
        reason = f"the history database path {error.filename} is a folder, not a file"
    else:
        reason = f"cannot prepare the history folder {folder} ({error.strerror or error})"
    return HistoryUnavailable(reason)
