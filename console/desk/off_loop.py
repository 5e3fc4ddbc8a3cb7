"""Where the desk runs blocking work — SQLite, the keyring, a config write, waiting for the
history writer — from its coroutines: the one seam between the desk and an event loop.

A screen's workspace runs it in a thread (`asyncio.to_thread`, `asyncio.wrap_future`), so the
event loop never blocks. A one-shot command's workspace (`Workspace.open(one_shot=True)`:
`nowgg-console verify`) runs it inline, on the calling thread: there is nothing else to keep
responsive, its one request already blocks (console/payments/blocking.py), and its coroutines
then never suspend, so the command line drives them without an event loop and without
importing asyncio at all (console/cli/one_shot.py). The same lookup, recording and history
code serves both; only this choice differs.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class OffLoop:
    """`await off_loop.call(function, *args, **kwargs)`: `function(*args, **kwargs)`, off the
    event loop (in a thread) or, `inline`, on the calling thread. `await
    off_loop.result(future)`: a thread's future, awaited or waited for."""

    __slots__ = ("inline",)

    def __init__(self, *, inline: bool) -> None:
        self.inline = inline

    async def call(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        if self.inline:
            return function(*args, **kwargs)
        import asyncio  # a screen's: it runs on asyncio already (a one-shot never gets here)

        return await asyncio.to_thread(function, *args, **kwargs)

    async def result(self, future: Future[T]) -> T:
        if self.inline:
            return future.result()
        import asyncio

        return await asyncio.wrap_future(future)

    def __repr__(self) -> str:
        return f"OffLoop(inline={self.inline})"


IN_THREADS = OffLoop(inline=False)
"""A screen's (and any command that runs on asyncio): blocking work in threads."""
INLINE = OffLoop(inline=True)
"""A one-shot command's: blocking work on the calling thread, no event loop."""
