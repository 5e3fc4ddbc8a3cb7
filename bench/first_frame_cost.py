"""The work each program does up to its first frame, as a repeatable proxy for
bench/console_cold_start.py's wall-clock ratio: the installed console (`nowgg-console`, its
entry point) against the same minimal Textual app, each a new process in a pseudo-terminal of
120x40 with the same empty environment, stopped the instant its first frame has been written.

Not a test: run `python bench/first_frame_cost.py [--runs 5] [--callgrind]`. What is measured:
- the process's CPU time (user + system, from the kernel's accounting of the child), median
  of `--runs` launches, alternating; it moves less with the machine's load than wall-clock time,
  but shares its caches and frequency;
- with `--callgrind`, the instructions executed (valgrind's callgrind, one run each): the same
  count whatever the load, so a change of a few per cent shows.

The stop is a hook set before the program starts: once Textual's `App._display` has sent the
first frame to the terminal's writer, the process ends (`os._exit`), so what runs after the
first frame (the console's body, its workspace) is not counted. The hook patches `textual.app`
as the program imports it, where it imports it (an import finder, asked once per module
imported: the same small cost in both programs). One warm-up launch of each is discarded.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
from dataclasses import dataclass
from pathlib import Path

from launch_environment import isolated_environment

WIDTH, HEIGHT = 120, 40
MINIMAL_MARK = "minimal textual app: first frame"

STOP_AT_FIRST_FRAME = """
import os, sys


def _stop_after_first_frame(app_class):
    display = app_class._display

    def display_then_stop(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count and self._running:
            os.write(int(os.environ["FIRST_FRAME_FD"]), type(screen).__name__.encode())
            os._exit(0)

    app_class._display = display_then_stop


class _WhenTextualAppLoads:
    # Patches `textual.app` as it is imported, where the program imports it: importing it
    # here would move its import (and the garbage collections it sets off) before the program.
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(_WhenTextualAppLoads)
        spec = next(
            found
            for found in (finder.find_spec(name, path, target) for finder in sys.meta_path)
            if found is not None
        )
        exec_module = spec.loader.exec_module

        def exec_then_patch(module):
            exec_module(module)
            _stop_after_first_frame(module.App)

        spec.loader.exec_module = exec_then_patch
        return spec


sys.meta_path.insert(0, _WhenTextualAppLoads)
"""

CONSOLE = (
    STOP_AT_FIRST_FRAME
    + """
sys.argv = ["nowgg-console"]
from console.cli.main import main
sys.exit(main())
"""
)

MINIMAL = (
    STOP_AT_FIRST_FRAME
    + f"""
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({MINIMAL_MARK!r})


Minimal().run()
"""
)


@dataclass(frozen=True)
class Launch:
    cpu_s: float
    screen: str
    instructions: int | None


def _launch(code: str, environment: dict[str, str], callgrind_out: Path | None) -> Launch:
    """One launch in a new pseudo-terminal, read until the program stops."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    told, tell = os.pipe()
    argv = [sys.executable, "-c", code]
    if callgrind_out is not None:
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind_out}", *argv]
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**environment, "FIRST_FRAME_FD": str(tell)},
        pass_fds=(tell,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(tell)
    while True:  # keep the terminal drained so that the program never waits on it
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    screen = os.read(told, 200).decode()
    os.close(told)
    os.close(master)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not screen:
        raise SystemExit(f"a launch ended without its first frame (status {status})")
    instructions = None
    if callgrind_out is not None:
        summary = re.search(r"^summary:\s*(\d+)", callgrind_out.read_text(), re.MULTILINE)
        instructions = int(summary.group(1)) if summary else None
    return Launch(usage.ru_utime + usage.ru_stime, screen, instructions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each (CPU time)")
    parser.add_argument("--callgrind", action="store_true", help="count instructions too")
    args = parser.parse_args()
    if args.callgrind and shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed for --callgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="nowgg-first-frame-") as folder:
        root = Path(folder)
        environment = isolated_environment(root)
        programs = {"nowgg-console": CONSOLE, "minimal": MINIMAL}
        for code in programs.values():
            _launch(code, environment, None)  # warm-up: byte-code and disk caches
        cpu: dict[str, list[float]] = {name: [] for name in programs}
        screens: dict[str, str] = {}
        for run in range(args.runs):
            order = list(programs) if run % 2 == 0 else list(reversed(programs))
            for name in order:
                launch = _launch(programs[name], environment, None)
                cpu[name].append(launch.cpu_s * 1000)
                screens[name] = launch.screen
        instructions: dict[str, int | None] = {}
        if args.callgrind:
            for name, code in programs.items():
                out = root / f"callgrind.{name}"
                instructions[name] = _launch(code, environment, out).instructions

    print(f"work up to the first frame, {args.runs} launches each, pty {WIDTH}x{HEIGHT}")
    for name in programs:
        values = cpu[name]
        print(
            f"  {name:<14} CPU median {statistics.median(values):6.0f} ms  "
            f"[{min(values):.0f}–{max(values):.0f}]  first frame of {screens[name]}"
        )
    ratio = statistics.median(cpu["nowgg-console"]) / statistics.median(cpu["minimal"])
    print(f"  {'CPU ratio':<14} {ratio:6.2f} x")
    if instructions:
        for name, count in instructions.items():
            print(f"  {name:<14} instructions {count:,}")
        console_count, minimal_count = instructions["nowgg-console"], instructions["minimal"]
        if console_count and minimal_count:
            print(f"  {'Ir ratio':<14} {console_count / minimal_count:6.2f} x")


if __name__ == "__main__":
    main()
