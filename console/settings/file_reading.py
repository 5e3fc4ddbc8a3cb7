"""Reading a small file the user points at (the config file, a theme) without hanging or
filling memory, whatever is at that path.

`Path.read_bytes()` trusts the path: on a named pipe it waits for a writer that never comes,
on `/dev/zero` it reads until memory runs out, on a 2 GB log file it loads 2 GB. Here the path
is opened without blocking, anything but a regular file is refused with what it is, and at
most `max_bytes` are read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. No effect on a
# regular file. (Windows has no FIFOs and no such flag.)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 64 * 1024


class UnreadableFile(Exception):
    """Why the file cannot be used, in words (`a named pipe, not a regular file`…)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def size_in_words(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MiB"
    return f"{count / 1024:g} KiB"


def read_small_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`. Raises `FileNotFoundError` when nothing is
    there (often normal: no config file yet), `UnreadableFile` for everything else."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise UnreadableFile(
            f"it cannot be read ({error.strerror or type(error).__name__})"
        ) from None
    except ValueError:  # a NUL in the path: no file can have that name
        raise UnreadableFile("its path holds a NUL character") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(f"it is {_kind(status.st_mode)}, not a regular file")
        too_big = UnreadableFile(f"it is larger than {size_in_words(max_bytes)}")
        if status.st_size > max_bytes:
            raise too_big
        chunks: list[bytes] = []
        total = 0
        # Bounded by the read itself too: the file may grow after fstat.
        while chunk := os.read(descriptor, min(_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise too_big
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(
            f"it cannot be read ({error.strerror or type(error).__name__})"
        ) from None
    finally:
        os.close(descriptor)
