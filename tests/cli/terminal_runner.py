"""Runs `nowgg-console` with its stdout and stderr on a pseudo-terminal, as in a person's
shell: colours on, and everything it writes read back byte for byte, to prove what a real
terminal would be given."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.cli_runner import Run, isolated_environ


def run_in_terminal(
    home: Path, *args: str, timeout: float = 60, typed: bytes | None = None, **env: str
) -> Run:
    """`Run.out` holds what the terminal received (stdout and stderr interleaved, CRLF as a
    terminal's line discipline writes it); `Run.err` is empty. `typed`, when given, is what
    a person types: stdin is the terminal too, and the line waits there until it is read."""
    primary, secondary = pty.openpty()
    environ = isolated_environ(home, **env)
    environ.pop("NO_COLOR", None)
    environ["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "console", *args],
        stdin=subprocess.DEVNULL if typed is None else secondary,
        stdout=secondary,
        stderr=secondary,
        env=environ,
    )
    os.close(secondary)
    if typed is not None:
        os.write(primary, typed)
    received = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: every writer has closed the terminal, all was read
                break
            if not chunk:
                break
            received += chunk
        code = process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        os.close(primary)
        if process.poll() is None:
            process.kill()
    return Run(code, received.decode("utf-8", "surrogateescape"), "")
