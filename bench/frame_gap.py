"""The longest gap between two frames of the console while another process holds its history
database locked, and whether the lookup made meanwhile reaches the history.

Not a test: run `python bench/frame_gap.py [--hold 3]` (`--hold 0`: the same without any lock,
for comparison). Side by side with nothing but itself:

1. a `nowgg-console sandbox serve` process (real HTTP on loopback) and a config whose `qa`
   environment points at it, with a history and a data folder of this run's own;
2. the real console — the app `nowgg-console --env qa` opens (launch.py), its workspace opened
   after the first frame as usual — under Textual's `run_test` (headless, 120x40);
3. a purchase is looked up once, so the field table has rows to scroll;
4. another process opens the history database and holds `BEGIN EXCLUSIVE` for `--hold` seconds;
5. meanwhile the console looks a token up (paste, Enter) and the field table is scrolled, a key
   (down, up) posted every 20 ms as a terminal would send it, for the hold and 1.5 s more.

How frames are seen: every frame Textual produces goes through `App._display(screen, update)`
(the compositor's update, which headless mode then does not write to a terminal); the bench
wraps that one method of the app it runs and notes a timestamp per call. A frame is produced
whenever something on screen changed, which the scrolling makes happen all the time: a gap
between two frames is time the event loop could not draw. Also reported: the longest stall of
the event loop itself (a 5 ms interval timer's late ticks), and when the lookup's history entry
appeared (asked from another connection every 50 ms, in a thread, without waiting for the
lock).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import pairwise
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual.screen import Screen
from textual.widgets import Static

from console.sandbox.keys import SANDBOX_API_KEY
from console.tui.app import ConsoleApp
from console.tui.launch import console_app

TOKEN = "sbx-paid-unconsumed-0001"
SCROLL_EVERY_S = 0.02
TICK_S = 0.005

LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _sandbox(environment: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "console", "sandbox", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the sandbox did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


class FrameClock:
    """Timestamps of the frames an app produces (its `_display` calls)."""

    def __init__(self, app: ConsoleApp) -> None:
        self.frames: list[float] = []
        produce = app._display

        def display(screen: Screen[Any], update: RenderableType | None) -> None:
            if update is not None:
                self.frames.append(time.perf_counter())
            produce(screen, update)

        app._display = display  # type: ignore[method-assign,assignment]

    def longest_gap(self, start: float, end: float) -> tuple[float, int]:
        """(longest gap in s, frames) among the frames from `start` to `end`."""
        inside = [moment for moment in self.frames if start <= moment <= end]
        gaps = [later - earlier for earlier, later in pairwise(inside)]
        return (max(gaps) if gaps else end - start), len(inside)


def _entries(history: Path, token: str, *, wait_s: float = 30) -> int | None:
    """How many entries hold `token`; None while the database is locked (after `wait_s`)."""
    connection = sqlite3.connect(history, timeout=wait_s)
    try:
        (count,) = connection.execute(
            "SELECT count(*) FROM history WHERE token = ?", (token,)
        ).fetchone()
        return int(count)
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()


async def _watch(history: Path, before: int, seen: list[float]) -> None:
    """Note when a new entry of `TOKEN` is on record (asked without waiting for a lock)."""
    while not seen:
        count = await asyncio.to_thread(_entries, history, TOKEN, wait_s=0)
        if count is not None and count > before:
            seen.append(time.perf_counter())
            return
        await asyncio.sleep(0.05)


async def _measure(environment: dict[str, str], history: Path, hold_s: float) -> None:
    app = console_app("qa", None, None, environment)
    clock = FrameClock(app)
    ticks: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_interval(TICK_S, lambda: ticks.append(time.perf_counter()))
        screen = app.screen
        while not getattr(screen, "settled", False):
            await pilot.pause(0.05)
        token_field = screen.query_one("#token")
        token_field.focus()
        token_field.insert_text_at_cursor(TOKEN)  # type: ignore[attr-defined]
        await pilot.press("enter")
        result = screen.query_one("#result")
        while getattr(result, "outcome", None) is None:
            await pilot.pause(0.05)
        before = _entries(history, TOKEN) or 0

        locker = None
        if hold_s > 0:
            locker = subprocess.Popen(
                [sys.executable, "-c", LOCKER, str(history), str(hold_s)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert locker.stdout is not None
            await asyncio.to_thread(locker.stdout.readline)  # "locked"
        locked_at = time.perf_counter()
        seen: list[float] = []
        watching = asyncio.ensure_future(_watch(history, before, seen))
        token_field.focus()
        token_field.value = ""  # type: ignore[attr-defined]
        token_field.insert_text_at_cursor(TOKEN)  # type: ignore[attr-defined]
        await pilot.press("enter")
        table = screen.query_one("#fields")
        # A frame is due at every step: the keys alone change nothing once the cursor is at an
        # end of the table (or while the table is hidden during the lookup), and a gap with
        # nothing to draw would measure the bench, not the console.
        heartbeat = Static("", id="bench-heartbeat")
        await screen.mount(heartbeat)
        until = locked_at + hold_s + 1.5
        step = 0
        while time.perf_counter() < until:
            heartbeat.update(f"bench step {step}")
            # The table is hidden while the lookup runs (the loading indicator moves then).
            if table.display and app.focused is not table:
                table.focus()
            # Posted as a terminal's key would be: Pilot's `press` waits for the screen to be
            # idle after each key, which would pace the keys by the console's own speed.
            app.simulate_key("down" if (step // 10) % 2 == 0 else "up")
            step += 1
            await asyncio.sleep(SCROLL_EVERY_S)
        ended_at = time.perf_counter()
        if locker is not None:
            await asyncio.to_thread(locker.wait)
        released_at = locked_at + hold_s
        with suppress(TimeoutError):
            await asyncio.wait_for(watching, timeout=10)
        appeared = seen[0] if seen else None

    gap, frames = clock.longest_gap(locked_at, ended_at)
    tick_gaps = [
        later - earlier for earlier, later in pairwise(ticks) if locked_at <= earlier <= ended_at
    ]
    held = f"held by another process for {hold_s:.1f} s" if hold_s > 0 else "not locked"
    print(
        f"history {held} while the console looked {TOKEN} up and scrolled "
        f"(a key every {SCROLL_EVERY_S * 1000:.0f} ms)"
    )
    print(f"  frames drawn meanwhile        {frames}")
    print(f"  longest gap between frames    {gap * 1000:7.0f} ms   (issue 8 asks < 100 ms)")
    print(f"  longest event-loop stall      {max(tick_gaps, default=0) * 1000:7.0f} ms")
    if appeared is None:
        print("  the lookup's history entry    not on record 10 s after the lock was gone")
    else:
        after = appeared - released_at
        print(f"  the lookup's history entry    on record {after:+.2f} s after the lock was gone")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the lock is held")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nowgg-frame-gap-") as folder:
        root = Path(folder)
        environment = {
            "PATH": os.defpath,
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "NOWGG_CONSOLE_CONFIG": str(root / "config.toml"),
            "NOWGG_CONSOLE_DATA": str(root / "data"),
            "NOWGG_CONSOLE_API_KEY_QA": SANDBOX_API_KEY,
        }
        with _sandbox(environment) as url:
            (root / "config.toml").write_text(
                f'[environments.qa]\nbase_url = "{url}"\nlabel = "QA"\n', encoding="utf-8"
            )
            asyncio.run(_measure(environment, root / "data" / "history.sqlite3", args.hold))


if __name__ == "__main__":
    main()
