"""Cold start to first screen: the installed `nowgg-console` against a minimal Textual app (one
Static), each launched as a new process in a real terminal, side by side in one run.

Not a test: run `python bench/console_cold_start.py [--trials 10]`. Both run inside one tmux
server of this run (120x40, TERM=xterm-256color, the same empty environment); a trial starts
the program in a new tmux session and ends when `capture-pane` first shows a text the program
draws only in its first frame (the console's banner, the minimal app's Static). Nothing in the
product is changed or hooked. The two alternate trial by trial, so a change in the machine's
load hits both alike; one warm-up launch of each is discarded (byte-code and disk caches);
medians are shown. The console opens on its first-run default, the built-in sandbox (which
starts only on the first lookup), with a config and history of its own in a temp folder.

Each look is one tmux call (`capture-pane`, then `#{pane_dead}` to notice a program that
died), a few ms apiece; both programs pay it the same way.

The console's first frame is its banner and token field; the rest of its first screen (tabs,
answer pane, consume form, footer) is mounted right after it. So the console's launches also
note when that whole screen is drawn (its footer's "Help" key), reported on a line of its own:
the ratio stays first frame against first frame, as the bench always measured it.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from launch_environment import isolated_environment

WIDTH, HEIGHT = 120, 40
CONSOLE_MARK = "Sandbox (built-in simulator)"
CONSOLE_WHOLE_MARK = "Help"
"""In the footer, which is mounted with the rest of the screen after the first frame."""
MINIMAL_MARK = "minimal textual app: first frame"
TIMEOUT_S = 30.0

MINIMAL_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({MINIMAL_MARK!r})


if __name__ == "__main__":
    Minimal().run()
"""


@dataclass(frozen=True)
class Program:
    name: str
    argv: Sequence[str]
    mark: str
    whole_mark: str | None = None
    """Drawn once the whole first screen is (None: the first frame is all of it)."""


class Tmux:
    def __init__(self, socket: str, config: Path) -> None:
        self.socket = socket
        self.config = config

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise SystemExit(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {TIMEOUT_S:.0f} s waiting for {what}")


def _launch(
    tmux: Tmux, program: Program, environment: dict[str, str], trial: int
) -> tuple[float, float]:
    """Seconds from asking tmux for the new session to the program's first frame, and to its
    whole first screen."""
    session = f"{program.name}-{trial}"
    command = shlex.join(
        ["env", "-i", *(f"{name}={value}" for name, value in environment.items()), *program.argv]
    )
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command)

    def drawn() -> bool:
        # One tmux call per look: the screen, then whether the program has already ended.
        shown = tmux(
            "capture-pane",
            "-p",
            "-t",
            session,
            ";",
            "display-message",
            "-p",
            "-t",
            session,
            "#{pane_dead}",
            check=False,
        )
        if program.mark in shown:
            return True
        if shown.endswith("1\n"):
            raise SystemExit(f"{program.name} ended before its first frame:\n{shown}")
        return False

    _wait(drawn, f"the first frame of {program.name}")
    elapsed = time.perf_counter() - started
    whole = elapsed
    if program.whole_mark is not None:
        whole_mark = program.whole_mark
        _wait(
            lambda: whole_mark in tmux("capture-pane", "-p", "-t", session),
            f"the whole first screen of {program.name}",
        )
        whole = time.perf_counter() - started
    # Leave as a user does, and wait for the process to end before the next launch.
    tmux("send-keys", "-t", session, "C-q")
    _wait(
        lambda: tmux("display-message", "-p", "-t", session, "#{pane_dead}") == "1\n",
        f"{program.name} to quit",
    )
    tmux("kill-session", "-t", session)
    return elapsed, whole


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10, help="launches of each program")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed (scripts/install --test installs it)")
    console = Path(sys.executable).parent / "nowgg-console"
    if not console.exists():
        raise SystemExit(f"nowgg-console is not installed next to {sys.executable}")

    with tempfile.TemporaryDirectory(prefix="nowgg-cold-start-") as folder:
        root = Path(folder)
        minimal = root / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        tmux_conf = root / "tmux.conf"
        tmux_conf.write_text("set -g remain-on-exit on\nset -g status off\n", encoding="utf-8")
        environment = isolated_environment(root)
        programs = (
            Program("nowgg-console", [str(console)], CONSOLE_MARK, CONSOLE_WHOLE_MARK),
            Program("minimal", [sys.executable, str(minimal)], MINIMAL_MARK),
        )
        tmux = Tmux(f"nowgg-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}", tmux_conf)
        try:
            # The server itself starts here, outside every measured launch.
            tmux("new-session", "-d", "-s", "keep", "-x", str(WIDTH), "-y", str(HEIGHT))
            for program in programs:
                _launch(tmux, program, environment, 0)  # warm-up, discarded
            times: dict[str, list[float]] = {program.name: [] for program in programs}
            whole: list[float] = []
            for trial in range(1, args.trials + 1):
                order = programs if trial % 2 else tuple(reversed(programs))
                for program in order:
                    first, all_drawn = _launch(tmux, program, environment, trial)
                    times[program.name].append(first)
                    if program.whole_mark is not None:
                        whole.append(all_drawn)
        finally:
            socket_path = tmux("display-message", "-p", "#{socket_path}", check=False).strip()
            tmux("kill-server", check=False)
            if socket_path:
                Path(socket_path).unlink(missing_ok=True)

    print(
        f"cold start to first screen, {args.trials} launches each (alternating), "
        f"tmux {WIDTH}x{HEIGHT}, Python {sys.version.split()[0]}"
    )
    medians = {}
    for program in programs:
        values = [value * 1000 for value in times[program.name]]
        medians[program.name] = statistics.median(values)
        print(
            f"  {program.name:<16} median {medians[program.name]:7.0f} ms   "
            f"min {min(values):5.0f}   p90 {_percentile(values, 0.9):5.0f} ms"
        )
    ratio = medians["nowgg-console"] / medians["minimal"]
    pairs = zip(times["nowgg-console"], times["minimal"], strict=True)
    paired = statistics.median(console / minimal for console, minimal in pairs)
    print(f"  {'ratio':<16} {ratio:7.2f} x  (nowgg-console / minimal Textual app, medians)")
    print(f"  {'paired ratio':<16} {paired:7.2f} x  (median of each trial's own ratio)")
    values = [value * 1000 for value in whole]
    print(
        f"  {'console whole':<16} median {statistics.median(values):7.0f} ms   "
        f"min {min(values):5.0f}   p90 {_percentile(values, 0.9):5.0f} ms   "
        f"({statistics.median(values) / medians['minimal']:.2f} x the minimal app's first frame: "
        "tabs, form and footer drawn too)"
    )


if __name__ == "__main__":
    main()
