"""Writing an export to a new file under the data directory, for a ticket attachment.

Each export gets a new name (`history-20241030T060801Z.md`, then `-2`, `-3` in the same
second) and is never overwritten: an export is evidence, and a second one a second later must
not replace the first. Files are the user's alone (0600): they hold customers' tokens and
order ids.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

EXPORTS_DIR_NAME: Final = "exports"
_NEW_FILE_MODE: Final = 0o600
_NEW_DIRECTORY_MODE: Final = 0o700
_MAX_SAME_SECOND: Final = 100


def exports_dir(data_dir: Path) -> Path:
    return data_dir / EXPORTS_DIR_NAME


def write_export(
    text: str,
    directory: Path,
    *,
    extension: str = "md",
    now: datetime | None = None,
    name: str = "history",
) -> Path:
    """Write `text` to a new file `<name>-<UTC stamp>.<extension>` in `directory` (0700,
    created if needed), 0600, never replacing an earlier export; returns its path. Raises
    `OSError` when it cannot be written."""
    directory.mkdir(mode=_NEW_DIRECTORY_MODE, parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, _MAX_SAME_SECOND + 1):
        suffix = "" if attempt == 1 else f"-{attempt}"
        path = directory / f"{name}-{stamp}{suffix}.{extension}"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        return path
    raise FileExistsError(f"{_MAX_SAME_SECOND} exports in one second already in {directory}")


def write_export_to(path: Path, text: str) -> None:
    """Write `text` to a file the operator named (`history export -o FILE`): created 0600 like
    the database, and an existing regular file narrowed to 0600 before it is emptied and
    filled — it is about to hold customers' tokens and order ids (a file that cannot be
    narrowed is left untouched). A device or a pipe is written as it is. Raises `OSError`
    when it cannot be written."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, _NEW_FILE_MODE)
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, _NEW_FILE_MODE)
            os.ftruncate(descriptor, 0)
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        file.write(text)
