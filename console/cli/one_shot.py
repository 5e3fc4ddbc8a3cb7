"""A one-shot command's coroutine, run without an event loop.

`nowgg-console verify TOKEN` sends one request and exits. Its workspace is opened one-shot
(`Workspace.open(one_shot=True)`): the request goes out on httpx's blocking client and every
blocking step runs inline (console/desk/off_loop.py), so the command's coroutine never
suspends. Driving it is then one `send(None)`, and the command never imports asyncio, whose
loading alone costs it a tenth of its start.

A coroutine that suspends anyway waits for an event loop that is not there: a programming
error, reported as the last line of defence reports one (main.py), never a hang. Ctrl+C
raises `KeyboardInterrupt` where the command is, as in any blocking code; the coroutine's
`finally` blocks run on the way out (the history's entry is still written).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from collections.abc import Coroutine
    from typing import Any


class OneShot:
    """What a command returns for a coroutine to be run by `run_one_shot`, not `asyncio.run`:
    one whose workspace is one-shot, so that it never suspends."""

    __slots__ = ("coroutine",)

    def __init__(self, coroutine: Coroutine[Any, Any, int]) -> None:
        self.coroutine = coroutine


class Suspended(RuntimeError):
    """A one-shot command's coroutine waited for an event loop (a bug: see the module)."""


def run_one_shot(command: OneShot) -> int:
    """Run the coroutine to its end on this thread; its exit code."""
    # httpcore's package imports anyio, when installed, for its async locks and network
    # backend; the blocking client uses neither, and no event loop runs in this process. A
    # None entry makes httpcore's guarded imports fall back, as console/__init__.py does for
    # httpx's command line (left alone if something of this process loaded anyio already).
    sys.modules.setdefault("anyio", None)  # type: ignore[arg-type]
    coroutine = command.coroutine
    try:
        awaited = coroutine.send(None)
    except StopIteration as finished:
        code: int = finished.value
        return code
    # Closed so that its `finally` blocks run now (the workspace's are inline, so they
    # finish without suspending); then the bug is reported.
    coroutine.close()
    raise Suspended(
        f"a one-shot command waited for an event loop ({type(awaited).__name__}); "
        "its workspace must run every step inline"
    )
