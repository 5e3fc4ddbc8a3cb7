"""`verify` while its reply is held: Ctrl+C ends the command at once, with a sentence and no
traceback (the request goes out on the blocking client, console/payments/blocking.py, whose
read `asyncio.run`'s own Ctrl+C handler would not interrupt), and the history opens
meanwhile."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from console.payments.wire import VERIFY_PATH
from tests.cli.cli_runner import start_cli
from tests.cli.in_flight_consumes import TOKEN, history_path, verifies, wait_until
from tests.hostile_server import HostileServer, Reply


@contextmanager
def verify_in_flight(home: Path, hostile: HostileServer) -> Iterator[subprocess.Popen[str]]:
    """`verify TOKEN --base-url HOSTILE`, returned once its request reached the server, which
    holds the reply far longer than any test waits; killed on the way out if still running."""
    hostile.reply_for_path(VERIFY_PATH, Reply(body=b"{}", hold_seconds=300))
    process = start_cli(
        home,
        "verify",
        TOKEN,
        "--base-url",
        hostile.url,
        "--timeout",
        "300",
        env={"NOWGG_CONSOLE_API_KEY": hostile.api_key},
    )
    try:
        wait_until(lambda: verifies(hostile) > 0 or process.poll() is not None, "verify sent")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_ctrl_c_during_a_verify_ends_it_at_once(tmp_path: Path, hostile: HostileServer) -> None:
    with verify_in_flight(tmp_path, hostile) as process:
        os.kill(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    assert err.strip().endswith("nowgg-console: interrupted")
    assert "Traceback" not in err


def test_the_history_opens_while_the_verify_waits_for_its_reply(
    tmp_path: Path, hostile: HostileServer
) -> None:
    """SQLite's opening runs beside the request, not after it (Workspace.open_history_soon)."""
    with verify_in_flight(tmp_path, hostile) as process:
        wait_until(lambda: history_path(tmp_path).exists(), "the history opened")
        assert process.poll() is None  # still waiting for its reply
