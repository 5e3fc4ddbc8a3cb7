"""`nowgg-console sandbox serve` as a real process, as QA runs it: started on a free port, its
announcement read for the URL, stopped with Ctrl+C (SIGINT), its output collected."""

from __future__ import annotations

import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.cli.cli_runner import start_cli

_LAST_ANNOUNCEMENT = "Press Ctrl+C to stop."


@dataclass
class ServedSandbox:
    process: subprocess.Popen[str]
    url: str
    announced: list[str] = field(default_factory=list)

    def stop(self) -> tuple[str, str, int]:
        """Ctrl+C; what it printed after its announcement (stdout, stderr) and its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        return out, err, self.process.returncode


def serve(home: Path, *args: str) -> ServedSandbox:
    """Start `sandbox serve --port 0 ARGS` and wait for its announcement."""
    process = start_cli(home, "sandbox", "serve", "--port", "0", *args)
    assert process.stdout is not None
    announced: list[str] = []
    try:
        while not announced or announced[-1] != _LAST_ANNOUNCEMENT:
            line = process.stdout.readline()
            if not line:
                _, err = process.communicate(timeout=5)
                raise AssertionError(f"sandbox serve ended before serving: {err}")
            announced.append(line.rstrip("\n"))
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise
    url = announced[0].rsplit(" ", 1)[1]
    assert announced[0] == f"now.gg sandbox listening on {url}"
    return ServedSandbox(process, url, announced)
