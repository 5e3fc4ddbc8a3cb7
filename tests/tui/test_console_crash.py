"""A bug in the console never shows a traceback (issue 7, item 5): a handler that raises ends
the console with a few sentences (what happened, that nothing more was sent, where the details
are) and a 0600 log without locals in the data directory; a worker that raises leaves the
screen up, says so, and logs the same way."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from console.desk import Desk, LookupOutcome
from console.sandbox.server import SandboxServer
from console.tui.app import ConsoleCrashed
from console.tui.crash_report import CrashReport, report_crash
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import console_app, console_environ, shown, wait_until

# Built at run time, so the traceback's source lines cannot hold it: only locals could.
LOCAL_VALUE = "".join(["LOCAL", "-VALUE-", "9f3a1c"])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_bug_in_a_handler_ends_with_a_short_message_and_a_log(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_help(self: MainScreen) -> None:
        request_in_hand = LOCAL_VALUE  # a local variable the log must not show
        raise RuntimeError(f"[/bold] bug \x1b]0;x\x07 with {len(request_in_hand)} characters")

    monkeypatch.setattr(MainScreen, "action_help", broken_help)
    with pytest.raises(ConsoleCrashed) as raised:
        async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
            await pilot.press("f1")
            await wait_until(pilot, lambda: app.crash is not None)
    report = raised.value.report
    assert isinstance(raised.value.__cause__, RuntimeError)
    message = report.message()
    assert "an internal error in the console (RuntimeError)" in message
    assert "Nothing more was sent to now.gg" in message
    assert report.log is not None and str(report.log) in message
    assert "Traceback" not in message and "\x1b" not in message
    log = report.log
    assert log.parent == tmp_path / "data" / "logs"
    assert _mode(log) == 0o600 and _mode(log.parent) == 0o700
    details = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details
    assert f"RuntimeError: [/bold] bug \\x1b]0;x\\x07 with {len(LOCAL_VALUE)} characters" in details
    assert "broken_help" in details
    assert LOCAL_VALUE not in details
    assert sandbox.api_key not in details


async def test_a_failing_worker_keeps_the_screen_and_logs_the_details(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken_lookup(self: Desk, token: str, **options: object) -> LookupOutcome:
        raise KeyError("[link=x]missing")

    monkeypatch.setattr(Desk, "lookup", broken_lookup)
    async with console_app(console_environ(tmp_path, sandbox), notifications=True) as (
        app,
        pilot,
    ):
        field = app.screen.query_one("#token", Input)
        field.insert_text_at_cursor("sbx-paid-unconsumed-0001")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Internal error" in shown(app, "#hint"))
        hint = shown(app, "#hint")
        assert "Internal error (KeyError" in hint and "[link=x]missing" in hint
        assert "nothing was changed" in hint
        [log] = (tmp_path / "data" / "logs").iterdir()
        assert f"Details: {log}" in hint
        assert "KeyError" in log.read_text(encoding="utf-8")
        assert app.return_code is None  # still running: the next lookup can be tried
        assert any(f"Details: {log}" in toast for toast in app.toasts)


def test_the_message_says_what_to_do_about_a_consume_in_flight(tmp_path: Path) -> None:
    report = CrashReport("ValueError", tmp_path / "crash.log", consume_in_flight=True)
    message = report.message()
    assert "A consume was in flight: its outcome is unknown" in message
    assert "nowgg-console history resolve" in message


def test_when_the_log_cannot_be_written_the_message_says_why(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    report = report_crash(ValueError("x"), blocked)
    assert report.log is None
    assert "The details could not be written" in report.message()
