"""Ctrl+C while `verify` waits for its reply ends the command at once, with a sentence and no
traceback: the request goes out on the blocking client (console/payments/blocking.py), whose
read `asyncio.run`'s own Ctrl+C handler would not interrupt."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from console.payments.wire import VERIFY_PATH
from tests.cli.cli_runner import start_cli
from tests.cli.in_flight_consumes import TOKEN, verifies, wait_until
from tests.hostile_server import HostileServer, Reply


def test_ctrl_c_during_a_verify_ends_it_at_once(tmp_path: Path, hostile: HostileServer) -> None:
    # Held far past the time the test waits for the process: only Ctrl+C can end it in time.
    hostile.reply_for_path(VERIFY_PATH, Reply(body=b"{}", hold_seconds=300))
    process = start_cli(
        tmp_path,
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
        os.kill(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, out + err
    assert err.strip().endswith("nowgg-console: interrupted")
    assert "Traceback" not in err
