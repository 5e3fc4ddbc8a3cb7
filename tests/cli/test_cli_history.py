"""The audit history from the command line: every call on record, notes, exports, and a
killed consume that stays "outcome unknown" until `history resolve` settles it."""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

from console import __version__
from console.history import HistoryStore
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner, isolated_environ


def _entries(run: object) -> list[dict[str, object]]:
    body = run.json()  # type: ignore[attr-defined]
    assert body["format"] == "nowgg-console-history"
    entries = body["entries"]
    assert isinstance(entries, list)
    return entries


def test_every_call_is_listed_newest_first_and_searchable(cli: CliRunner) -> None:
    cli("verify", "sbx-paid-consumed-0002", "--note", "TICKET-81")
    cli("consume", "sbx-paid-unconsumed-0001", "--yes", "--note", "TICKET-82")
    cli("consume", "sbx-unpaid-0003", "--yes")
    entries = _entries(cli("history", "--json"))
    actions = [(entry["action"], entry["token"], entry["outcome"]) for entry in entries]
    # newest first: the refused consume, its check, then the consume with its check and proof
    assert actions[0] == ("consume", "sbx-unpaid-0003", "refused")
    assert ("consume", "sbx-paid-unconsumed-0001", "ok") in actions
    assert actions[-1] == ("verify", "sbx-paid-consumed-0002", "ok")
    by_token = _entries(cli("history", "--token", "sbx-unpaid-0003", "--json"))
    assert len(by_token) == 2
    order_id = entries[-1]["orderId"]
    by_order = _entries(cli("history", "list", "--order-id", str(order_id), "--json"))
    assert [e["token"] for e in by_order] == ["sbx-paid-consumed-0002"]
    by_ticket = _entries(cli("history", "--ticket", "ticket-82", "--action", "consume", "--json"))
    assert len(by_ticket) == 1


def test_a_note_can_be_added_later_and_exported_for_a_ticket(cli: CliRunner) -> None:
    cli("verify", "sbx-sample-003-0011")
    entry_id = _entries(cli("history", "--json"))[0]["id"]
    assert cli("history", "note", str(entry_id), "ZD-1234 user says paid").code == 0
    markdown = cli("history", "export", "--ticket", "ZD-1234", "--format", "md")
    assert markdown.code == 0
    assert "| sbx-sample-003-0011 |" in markdown.out.replace("`", "")
    assert "ZD-1234 user says paid" in markdown.out
    csv = cli("history", "export", "--format", "csv").out
    assert csv.splitlines()[0].startswith("id,")
    shown = cli("history", "show", str(entry_id))
    assert "INVALID" not in shown.out and "sbx-sample-003-0011" in shown.out


def test_a_killed_consume_is_unknown_until_resolved(
    cli: CliRunner, sandbox: SandboxServer, tmp_path: Path
) -> None:
    cli("env", "add", "qa", "--base-url", sandbox.url)
    environ = isolated_environ(tmp_path, NOWGG_CONSOLE_API_KEY_QA=sandbox.api_key)
    token = "sbx-fault-consume-reply-lost"  # the consume takes effect; its reply never comes
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console",
            "consume",
            token,
            "--env",
            "qa",
            "--yes",
            "--timeout",
            "30",
        ],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_pending_consume(Path(environ["NOWGG_CONSOLE_DATA"]) / "history.sqlite3")
        deadline = time.monotonic() + 10
        while sandbox.app.held_requests == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    listed = cli("history", "--action", "consume")
    assert "UNKNOWN (unresolved)" in listed.out
    resolved = cli("history", "resolve", "--min-age", "0", NOWGG_CONSOLE_API_KEY_QA=sandbox.api_key)
    assert resolved.code == 0, resolved.out + resolved.err
    assert "Consumed — the consume went through" in resolved.out
    after = _entries(cli("history", "--action", "consume", "--json"))
    assert after[0]["outcome"] == "ok" and "went through" in str(after[0]["resolution"])
    assert "UNKNOWN" not in cli("history", "--action", "consume").out
    assert "No consume" in cli("history", "resolve", "--min-age", "0").out


def _wait_for_pending_consume(path: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if path.exists():
            with HistoryStore(path) as store:
                if store.unresolved():
                    return
        time.sleep(0.05)
    raise AssertionError("the consume was never written ahead to the history")


def test_a_failed_lookup_is_an_error_on_record_never_an_unknown(cli: CliRunner) -> None:
    cli("verify", "sbx-fault-html-502")
    cli("verify", "no-such-token-0001")
    outcomes = [entry["outcome"] for entry in _entries(cli("history", "--json"))]
    assert outcomes == ["api", "http"]
    assert "No consume" in cli("history", "resolve", "--min-age", "0").out


def test_an_export_file_is_the_operators_alone(cli: CliRunner, tmp_path: Path) -> None:
    cli("verify", "sbx-paid-unconsumed-0001")
    fresh = tmp_path / "week.csv"
    made = cli("history", "export", "--format", "csv", "-o", str(fresh))
    assert made.code == 0, made.err
    assert "sbx-paid-unconsumed-0001" in fresh.read_text(encoding="utf-8")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    # A file that already existed, readable by everyone, is narrowed before it is filled.
    existing = tmp_path / "ticket.md"
    existing.write_text("old text that is longer than the export will be " * 50)
    existing.chmod(0o644)
    again = cli("history", "export", "-o", str(existing))
    assert again.code == 0, again.err
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    text = existing.read_text(encoding="utf-8")
    assert "old text" not in text and "sbx-paid-unconsumed-0001" in text


def test_export_format_ticket_is_the_reply_in_words(cli: CliRunner) -> None:
    assert cli("verify", "sbx-paid-unconsumed-0001").code == 0
    assert cli("consume", "sbx-paid-unconsumed-0001", "--yes").code == 0
    run = cli("history", "export", "--format", "ticket")
    assert run.code == 0, run.err
    assert run.out.startswith("Purchase sbx-paid-unconsumed-0001\n")
    assert "Found: Paid 0.99 USD on 2024-10-30 06:08 UTC, not consumed." in run.out
    assert "; verified again: Consumed." in run.out
    assert "{" not in run.out


def test_markdown_export_is_newest_first(cli: CliRunner) -> None:
    assert cli("verify", "sbx-unpaid-0003").code == 0
    assert cli("verify", "sbx-failed-0004").code == 0
    run = cli("history", "export")
    assert run.out.index("sbx-failed-0004") < run.out.index("sbx-unpaid-0003")


def test_show_says_who_from_which_machine_and_console_version(cli: CliRunner) -> None:
    cli("verify", "sbx-paid-unconsumed-0001")
    entry_id = _entries(cli("history", "--json"))[0]["id"]
    shown = cli("history", "show", str(entry_id)).out
    operator_line = next(line for line in shown.splitlines() if "**Operator:**" in line)
    assert f"nowgg-console {__version__}" in operator_line
    assert f"on {socket.gethostname()}" in operator_line


def test_json_and_exports_carry_uid_machine_and_console_version(cli: CliRunner) -> None:
    # A lead's tool reads `history --json` or a CSV: it must see what `history show` shows.
    cli("verify", "sbx-paid-unconsumed-0001")
    [listed] = _entries(cli("history", "--limit", "1", "--json"))
    assert listed["machine"] == socket.gethostname()
    assert listed["consoleVersion"] == __version__
    uid = listed["uid"]
    assert isinstance(uid, str) and len(uid) == 32 and int(uid, 16) >= 0
    shown = cli("history", "show", str(listed["id"]), "--json").json()
    assert isinstance(shown, dict)
    assert (shown["uid"], shown["machine"], shown["consoleVersion"]) == (
        uid,
        socket.gethostname(),
        __version__,
    )
    exported = _entries(cli("history", "export", "--format", "json"))
    assert exported[0]["uid"] == uid
    csv_text = cli("history", "export", "--format", "csv").out
    record = next(csv.DictReader(io.StringIO(csv_text, newline="")))
    assert (record["uid"], record["machine"], record["consoleVersion"]) == (
        uid,
        socket.gethostname(),
        __version__,
    )
