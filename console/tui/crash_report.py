"""When the console itself fails: a few sentences for the person at the terminal, and the
details in a log file for the bug report — never a traceback on the screen.

A traceback in front of an operator mid-incident says nothing they can act on, and Textual's
own (with every frame's local variables) could show a reply, a token or a request. The log
holds the traceback *without* locals, with any known API key masked and control characters
made visible, in the data directory (`logs/crash-….log`, 0600 in a 0700 folder: it may quote
customers' tokens and order ids).

No Textual here: the app's exception hook (app.py) calls `report_crash` and shows the message.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from console import __version__
from console.key_masking import mask_keys
from console.text_safety import printable, printable_lines

LOGS_DIR_NAME: Final = "logs"
INTERNAL_ERROR_EXIT: Final = 70
"""The command line's exit code for a bug (README, "Exit codes"); the console uses it too."""

_FILE_MODE: Final = 0o600
_DIRECTORY_MODE: Final = 0o700


@dataclass(frozen=True)
class CrashReport:
    error_name: str
    log: Path | None
    """Where the details are; None when they could not be written (`log_problem` says why)."""
    log_problem: str | None = None
    consume_in_flight: bool = False

    def message(self) -> str:
        """What the person reads once the console has closed: what happened, that nothing
        more was sent, what to do about a consume that was on its way, where the details are."""
        lines = [
            f"nowgg-console stopped: an internal error in the console ({self.error_name}). "
            "This is a bug in the console, not something you did.",
            "Nothing more was sent to now.gg after it.",
        ]
        if self.consume_in_flight:
            lines.append(
                "A consume was in flight: its outcome is unknown. Do not consume again before "
                "`nowgg-console history resolve` (or a lookup of the token, which is safe) "
                "says whether it went through."
            )
        if self.log is not None:
            lines.append(f"Details for a bug report: {printable(str(self.log))}")
        else:
            lines.append(f"The details could not be written: {printable(self.log_problem or '')}")
        return "\n".join(lines)


def logs_dir(data_dir: Path) -> Path:
    return data_dir / LOGS_DIR_NAME


def crash_log_text(
    error: BaseException, *, keys: Iterable[str] = (), context: Iterable[str] = ()
) -> str:
    """The log's text: when, which versions, `context` lines, then the traceback of `error`
    and of every exception chained to it — frames and lines only, no local variables."""
    header = [
        f"nowgg-console {__version__} crash report",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} on {sys.platform}",
        f"pid: {os.getpid()}",
        *context,
        "",
    ]
    details = "".join(traceback.format_exception(error))
    text = "\n".join(header) + details
    return printable_lines(mask_keys(text, list(keys)))


def write_crash_log(text: str, directory: Path, *, now: datetime | None = None) -> Path:
    """A new file in `directory` (created 0700 if needed), 0600, never overwriting another
    report. Raises `OSError` when it cannot be written."""
    directory.mkdir(mode=_DIRECTORY_MODE, parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 100):
        suffix = "" if attempt == 1 else f"-{attempt}"
        path = directory / f"crash-{stamp}-{os.getpid()}{suffix}.log"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        return path
    raise FileExistsError(f"too many crash reports in one second in {directory}")


def report_crash(
    error: BaseException,
    data_dir: Path,
    *,
    keys: Iterable[str] = (),
    context: Iterable[str] = (),
    consume_in_flight: bool = False,
) -> CrashReport:
    """Write the log and say where it is. Never raises: it runs when something is already
    wrong, and the person must get a message whatever else fails."""
    name = type(error).__name__
    try:
        text = crash_log_text(error, keys=keys, context=context)
        path = write_crash_log(text, logs_dir(data_dir))
    except Exception as problem:  # the disk is full, the folder is read-only, …
        reason = f"{type(problem).__name__}: {problem}"
        return CrashReport(name, None, reason, consume_in_flight)
    return CrashReport(name, path, None, consume_in_flight)
