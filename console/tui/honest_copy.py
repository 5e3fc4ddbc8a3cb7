"""A copy that never lies: sent with OSC 52 always, said to be on the clipboard only where that
is known (clipboard_reach.py). Elsewhere the text is offered in a box to select, and in a file
of the user's alone (0600) under the data directory, whose path the box shows.

File and tmux I/O run in a thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from weakref import WeakKeyDictionary

from textual.app import App
from textual.notifications import SeverityLevel
from textual.widget import Widget

from console.tui.clipboard_reach import ClipboardReach, clipboard_reach

COPIES_DIR_NAME: Final = "copies"
_FILE_MODE: Final = 0o600
_DIRECTORY_MODE: Final = 0o700
_TRIES: Final = 100


_REACH: WeakKeyDictionary[App[object], ClipboardReach] = WeakKeyDictionary()
"""Per app: the terminal does not change during a run, so it is asked once."""


def copy_honestly(
    node: Widget,
    text: str,
    copied: str,
    title: str,
    *,
    data_directory: Path | None,
    severity: SeverityLevel = "information",
) -> None:
    """Put `text` on the clipboard; say `copied` when that is known to work, else open the
    copy box titled `title` (what the text is), with a file under `data_directory`."""
    node.app.copy_to_clipboard(text)
    work = _confirm_or_offer(node, text, copied, title, data_directory, severity)
    node.run_worker(work, group="copy")


async def _confirm_or_offer(
    node: Widget,
    text: str,
    copied: str,
    title: str,
    data_directory: Path | None,
    severity: SeverityLevel,
) -> None:
    app = node.app
    reach = _REACH.get(app)
    if reach is None:
        reach = _REACH[app] = await asyncio.to_thread(clipboard_reach)
    if reach.confirmed:
        node.notify(copied, timeout=4, markup=False, severity=severity)
        return
    saved: Path | str = "none: the console has no data folder in this run"
    if data_directory is not None:
        try:
            saved = await asyncio.to_thread(write_copy, text, data_directory / COPIES_DIR_NAME)
        except OSError as error:
            saved = f"not written: {error.strerror or error}"
    from console.tui.dialogs.copy_box import CopyBox

    node.app.push_screen(CopyBox(title, text, reach, saved))


def write_copy(text: str, directory: Path) -> Path:
    """`text` in a new file of `directory` (0700), readable by the user alone (0600)."""
    directory.mkdir(mode=_DIRECTORY_MODE, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, _TRIES + 1):
        path = directory / f"copy-{stamp}{'' if attempt == 1 else f'-{attempt}'}.txt"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        return path
    raise FileExistsError(f"{_TRIES} copies in one second already in {directory}")


__all__ = ["ClipboardReach", "copy_honestly", "write_copy"]
