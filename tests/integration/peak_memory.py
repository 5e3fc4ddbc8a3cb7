"""Run a child process and read its own peak resident memory, not the test runner's.

The child reports its own high-water mark (`VmHWM` on Linux); `os.wait4`'s `ru_maxrss` is the
fallback elsewhere — on Linux it is kept across exec, so it would report the test runner's
peak whenever that is larger. A watchdog kills a child that hangs, so a test cannot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
MIB: Final = 1 << 20


@dataclass(frozen=True)
class Measured:
    outcome: dict[str, object]
    peak_bytes: int
    exit_code: int

    @property
    def peak_mib(self) -> float:
        return self.peak_bytes / MIB


def verify_in_child(url: str, *, timeout_s: float = 120) -> Measured:
    """`tests.integration.rss_child` against `url`: what it printed and its peak RSS."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.rss_child", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    watchdog = threading.Timer(timeout_s, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None
        with child.stdout:
            printed = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        watchdog.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    outcome = json.loads(printed) if printed.strip() else {}
    own = outcome.pop("peakKib", None)
    # The child's own figure when it has one: `ru_maxrss` survives exec on Linux, so it holds
    # the test runner's peak whenever the runner is the bigger of the two.
    peak_kib = own if isinstance(own, int) else usage.ru_maxrss
    return Measured(outcome, peak_kib * 1024, child.returncode)
