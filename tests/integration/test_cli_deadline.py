"""`verify --timeout 2 --connect-timeout 1` as a user runs it (a separate process) against a
server that drips its reply or holds it back: the command ends by its 3 s deadline with exit 3
and says why, where a dripped reply used to keep it alive for minutes (issue 7, item 3)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.cli.cli_runner import Run, run_cli
from tests.hostile_server import HostileServer, Reply

DEADLINE_S = 3.0  # --connect-timeout 1 + --timeout 2
SLACK_S = 10.0
"""Start-up of a Python process plus scheduling on a busy machine, on top of the deadline."""


def timed_verify(home: Path, server: HostileServer, *extra: str) -> tuple[Run, float]:
    started = time.perf_counter()
    run = run_cli(
        home,
        "verify",
        "hostile-token",
        "--timeout",
        "2",
        "--connect-timeout",
        "1",
        "--base-url",
        server.url,
        *extra,
        env={"NOWGG_CONSOLE_API_KEY": server.api_key},
    )
    return run, time.perf_counter() - started


def test_a_dripped_reply_ends_the_command_at_its_deadline(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.default = Reply(body=b" " * 400, drip_seconds=0.25)  # 100 s of reply
    run, elapsed = timed_verify(tmp_path, hostile)
    assert run.code == 3, run.err
    assert "no complete reply within 3 s (timeout)" in run.out
    assert "Timeout (reply too slow)" in run.out
    assert DEADLINE_S <= elapsed < DEADLINE_S + SLACK_S
    assert "Traceback" not in run.err


def test_the_json_output_names_the_deadline(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.default = Reply(body=b" " * 400, drip_seconds=0.25)
    run, elapsed = timed_verify(tmp_path, hostile, "--json")
    assert run.code == 3
    error = run.json()["error"]  # type: ignore[index]
    assert error["kind"] == "deadline"
    assert error["reason"] == "no complete reply within 3 s (timeout)"
    # A verify changes nothing: nothing is in doubt, though the request was sent.
    assert error["outcomeUnknown"] is False and error["requestSent"] is True
    assert error["category"] == "timeout"
    assert elapsed < DEADLINE_S + SLACK_S


def test_a_held_reply_ends_the_command_within_its_deadline(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.default = Reply(body=b"{}", hold_seconds=60)
    run, elapsed = timed_verify(tmp_path, hostile)
    assert run.code == 3
    assert "no reply within 2 s (timeout)" in run.out
    assert 2.0 <= elapsed < DEADLINE_S + SLACK_S
