"""Replacing a file so that a crash at any moment leaves either the old file or the new one,
never a half-written mix: write a temporary file beside it, flush and fsync it, then rename it
over the original (a rename within one directory is atomic on POSIX and Windows)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o600
"""A new file is the user's alone: internal host names are nobody else's business."""
NEW_DIRECTORY_MODE = 0o700


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable. Not possible (nor needed) on every platform."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically, keeping the original file's permissions. Returns the
    file actually written: a symlinked config (a dotfiles repository) is written through its
    link, so the link survives."""
    target = path.resolve() if path.is_symlink() else path
    directory = target.parent
    directory.mkdir(mode=NEW_DIRECTORY_MODE, parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        # Whatever failed (a full disk, a signal), the original is untouched; leave no litter.
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(directory)
    return target


def free_backup_path(path: Path, content: bytes) -> tuple[Path, bool]:
    """Where to back `path` up: `NAME.bak`, or the first free `NAME.bak.N` when an earlier,
    different backup is there (it may hold comments too: it is never overwritten). The flag
    says the backup already exists with this very content, so nothing needs writing."""
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while True:
        try:
            if candidate.read_bytes() == content:
                return candidate, True
        except FileNotFoundError:
            return candidate, False
        number += 1
        candidate = path.with_name(f"{path.name}.bak.{number}")
