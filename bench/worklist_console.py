"""The console's worklist against the desk alone, and the worklist at 10,000 tokens.

Not a test: run `python bench/worklist_console.py [--tokens 200] [--delay-ms 50] [--rounds 3]
[--big 10000]` (`--big 0` skips the second part). Side by side in one run:

1. a `nowgg-console sandbox serve --quiet --delay-ms 50` process (real HTTP on loopback), a
   config whose `qa` environment points at it, and a history and data folder of this run's own;
   the tokens are minted by that sandbox (`sandbox mint`: paid, unpaid and failed ones, a tenth
   of them test orders), so every row is distinct and verifies;
2. **desk alone**: `verify_all` through the workspace's desk for `qa` — the very desk the
   console uses, recording every lookup in the history — timed from the call to the last
   answer *and* the history holding every entry (`Workspace.flush_history`);
3. **console**: the app `nowgg-console --env qa` opens (launch.py) under Textual's `run_test`
   (headless, 120x40); once it is settled the list is given to the worklist as `--tokens FILE`
   gives it, timed from there to the last row painted with its answer (the worklist's count of
   painted rows, then one more frame drawn) *and* the history holding every entry;
   rounds alternate the two ways so a change in the machine's load hits both alike; medians;
4. **10,000 tokens** (a second sandbox with no delay): loaded and verified (8 at a time), then
   a filter typed (`paid`), then the table scrolled, a key every 20 ms for 3 s, as a terminal
   sends them. Every frame Textual produces goes through `App._display`, wrapped here to note
   a timestamp (the frame_gap.py method); a heartbeat widget changes at every step so a frame
   is always due. Reported: the longest gap between frames in each phase, and this process's
   peak resident memory (`ru_maxrss`: the console runs in it; the sandbox is another process).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# After the path fix, so a plain `python bench/…` works.
from bench.frame_gap import FrameClock, _free_port
from console.desk.worklist import read_worklist_file, verify_all
from console.desk.workspace import Workspace
from console.sandbox.keys import SANDBOX_API_KEY
from console.tui.launch import console_app
from console.tui.screens.main_screen import MainScreen
from console.tui.start import worklist_start
from console.tui.widgets.worklist import Worklist

SCROLL_EVERY_S = 0.02


@contextmanager
def _sandbox(environment: dict[str, str], delay_ms: int) -> Iterator[str]:
    import socket

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console",
            "sandbox",
            "serve",
            "--quiet",
            "--port",
            str(port),
            "--delay-ms",
            str(delay_ms),
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _mint(environment: dict[str, str], url: str, count: int, path: Path) -> None:
    """`count` fresh tokens in a tokens file: mostly paid, some unpaid and failed, a tenth
    test orders — the mix a QA session leaves."""
    shares = [
        (["--state", "paid"], count * 6 // 10),
        (["--state", "paid", "--test-order"], count // 10),
        (["--state", "unpaid"], count * 2 // 10),
    ]
    shares.append((["--state", "failed"], count - sum(n for _, n in shares)))
    lines: list[str] = []
    for flags, number in shares:
        left = number
        while left > 0:
            batch = min(left, 10_000)
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "console",
                    "sandbox",
                    "mint",
                    str(batch),
                    *flags,
                    "--base-url",
                    url,
                ],
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            )
            lines += [line for line in done.stdout.splitlines() if not line.startswith("#")]
            left -= batch
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


async def _desk_alone(environment: dict[str, str], tokens: Path) -> float:
    items = list(read_worklist_file(tokens).items)
    workspace = Workspace.open(environ=environment)
    try:
        chosen = workspace.settings.find("qa")
        assert chosen is not None
        desk = workspace.desk(chosen)
        await workspace.open_history()
        started = time.perf_counter()
        cpu = time.process_time()
        outcomes = await verify_all(desk, items)
        await workspace.flush_history()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        print(f"    (desk round: CPU {cpu:.2f} s of {elapsed:.2f} s)")
    finally:
        await workspace.aclose()
    failed = [outcome.raw_token for outcome in outcomes if not outcome.ok]
    if failed:
        raise SystemExit(f"{len(failed)} lookups failed, e.g. {failed[0]}: not a fair run")
    return elapsed


async def _console(environment: dict[str, str], tokens: Path) -> float:
    text = worklist_start(read_worklist_file(tokens)).worklist_text or ""
    count = len(text.splitlines())
    app = console_app("qa", None, None, environment)
    clock = FrameClock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        while not screen.settled:
            await pilot.pause(0.05)
        started = time.perf_counter()
        cpu = time.process_time()
        await screen.worklist_flow.start_with(text)
        built = time.perf_counter()
        worklist = screen.query_one(Worklist)
        while worklist.painted_rows < count:
            await asyncio.sleep(0.005)
        painted = len(clock.frames)
        while len(clock.frames) == painted:  # the last row on a frame drawn
            await asyncio.sleep(0.002)
        await app.workspace.flush_history()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    print(
        f"    (console round: the tab built and rows listed in {built - started:.2f} s; "
        f"CPU {cpu:.2f} s of {elapsed:.2f} s)"
    )
    return elapsed


@contextmanager
def _profiled(phase: str, wanted: str | None) -> Iterator[None]:
    """Profile one phase of the 10,000-token run with pyinstrument (`--profile PHASE`; it is
    no dependency of the project: `pip install pyinstrument` into the venv to use it)."""
    if phase != wanted:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))


async def _big(environment: dict[str, str], tokens: Path, profile: str | None = None) -> None:
    from textual.widgets import Input, Static

    text = worklist_start(read_worklist_file(tokens)).worklist_text or ""
    count = len(text.splitlines())
    app = console_app("qa", None, None, environment)
    clock = FrameClock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        while not screen.settled:
            await pilot.pause(0.05)
        # Fixed size, redrawn without a layout: a frame is due at every step, and the
        # bench's own widget costs no layout of the screen (that would be measured too).
        heartbeat = Static("", id="bench-heartbeat")
        heartbeat.styles.width = 16
        heartbeat.styles.height = 1
        await screen.mount(heartbeat)
        beat = 0

        def pulse() -> None:
            nonlocal beat
            beat += 1
            heartbeat.update(f"bench {beat}", layout=False)

        async def wait(condition: Callable[[], bool]) -> None:
            while not condition():
                pulse()
                await asyncio.sleep(SCROLL_EVERY_S)

        loaded_at = time.perf_counter()
        with _profiled("load", profile):
            await screen.worklist_flow.start_with(text)
            worklist = screen.query_one(Worklist)
            await wait(lambda: worklist.painted_rows >= count)
        verified_at = time.perf_counter()

        field = screen.query_one("#worklist-filter", Input)
        with _profiled("filter", profile):
            worklist.action_focus_filter()
            for key in "paid":
                app.simulate_key(key)
                pulse()
                await asyncio.sleep(SCROLL_EVERY_S)
            await wait(lambda: field.value == "paid" and len(worklist.shown_rows) < count)
            app.simulate_key("enter")
            await asyncio.sleep(0.3)
        filtered_at = time.perf_counter()
        shown = len(worklist.shown_rows)

        until = filtered_at + 3.0
        step = 0
        with _profiled("scroll", profile):
            while time.perf_counter() < until:
                pulse()
                app.simulate_key("down" if (step // 50) % 2 == 0 else "up")
                step += 1
                await asyncio.sleep(SCROLL_EVERY_S)
        scrolled_at = time.perf_counter()
        await pilot.pause(0.5)  # the keys still queued are handled before the app closes

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{count} tokens (sandbox without delay), 8 verified at a time")
    print(f"  load + verify          {verified_at - loaded_at:8.1f} s")
    for phase, start, end in (
        ("load + verify", loaded_at, verified_at),
        (f"filter 'paid' ({shown} rows)", verified_at, filtered_at),
        ("scroll, a key per 20 ms", filtered_at, scrolled_at),
    ):
        gap, cpu, frames = clock.longest_gap(start, end)
        print(
            f"  longest frame gap, {phase:<28}{gap * 1000:7.0f} ms  "
            f"(CPU {cpu * 1000:.0f} ms; {frames} frames)"
        )
    print(f"  peak RSS of the console process       {peak_mib:7.0f} MiB  (issue 11: < 300)")


async def _compare(environment: dict[str, str], tokens: Path, rounds: int) -> None:
    await _desk_alone(environment, tokens)  # warm up: imports, the history file, connections
    desk: list[float] = []
    console: list[float] = []
    for _ in range(rounds):
        console.append(await _console(environment, tokens))
        desk.append(await _desk_alone(environment, tokens))
    alone, screen = statistics.median(desk), statistics.median(console)
    print(f"  {'desk alone (verify_all + history)':<40}{alone:8.2f} s   {desk}")
    print(f"  {'console (last row painted + history)':<40}{screen:8.2f} s   {console}")
    print(f"  {'ratio console / desk':<40}{screen / alone:8.2f} x   (issue 11: <= 1.3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="0 skips the comparison")
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument(
        "--profile",
        choices=("load", "filter", "scroll"),
        help="print a pyinstrument profile of this phase of the --big run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nowgg-worklist-bench-") as folder:
        root = Path(folder)
        environment = {
            "PATH": os.defpath,
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "NOWGG_CONSOLE_CONFIG": str(root / "config.toml"),
            "NOWGG_CONSOLE_DATA": str(root / "data"),
            "NOWGG_CONSOLE_API_KEY_QA": SANDBOX_API_KEY,
        }
        os.environ.update(environment)  # the desk-alone workspace reads the same
        if args.rounds:
            with _sandbox(environment, args.delay_ms) as url:
                (root / "config.toml").write_text(
                    f'[environments.qa]\nbase_url = "{url}"\nlabel = "QA"\n', encoding="utf-8"
                )
                tokens = root / "tokens.txt"
                _mint(environment, url, args.tokens, tokens)
                print(
                    f"{args.tokens} minted tokens, sandbox serve --delay-ms {args.delay_ms}, "
                    f"median of {args.rounds} rounds"
                )
                asyncio.run(_compare(environment, tokens, args.rounds))
        if args.big:
            with _sandbox(environment, 0) as url:
                (root / "config.toml").write_text(
                    f'[environments.qa]\nbase_url = "{url}"\nlabel = "QA"\n', encoding="utf-8"
                )
                big = root / "big.txt"
                _mint(environment, url, args.big, big)
                asyncio.run(_big(environment, big, args.profile))


if __name__ == "__main__":
    main()
