"""Issue 7, items 4 and 7, on the command line: a hostile server (escape sequences, C1 controls,
bidi characters, markup and pieces of the API key in every string field) writes nothing raw to
a terminal and nothing of the key anywhere — while `--json` and files keep the data exact."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from console.cli import explain_command
from console.cli.main import main
from console.cli.output import Output
from console.key_masking import MIN_RUN
from console.payments.wire import CONSUME_PATH
from console.text_safety import printable
from tests.cli.cli_runner import Run, run_cli
from tests.cli.terminal_runner import run_in_terminal
from tests.hostile_server import HostileServer, error_envelope, json_reply
from tests.hostile_text import EVIL, MARKUP_CLOSE, TITLE, hostile_purchase, raw_controls

KEY = "live-7Hq2Zx9Kp4Rt8Wm3Vn6Yb1Cd"
KEY_PIECE = KEY[5:17]  # 12 characters from the middle: a partial echo
ORDER_ID = f"1-2024{EVIL}"


@pytest.fixture
def server(hostile: HostileServer) -> HostileServer:
    hostile.default = json_reply(hostile_purchase(orderId=ORDER_ID))
    return hostile


def _cli(home: Path, server: HostileServer, *args: str, terminal: bool = False) -> Run:
    where = ("--base-url", server.url) if args[0] in ("verify", "consume") else ()
    run = run_in_terminal if terminal else _piped
    return run(home, *args, *where, NOWGG_CONSOLE_API_KEY=KEY)


def _piped(home: Path, *args: str, **env: str) -> Run:
    return run_cli(home, *args, env=env)


def _no_key_piece(text: str) -> bool:
    return not any(KEY[i : i + MIN_RUN] in text for i in range(len(KEY) - MIN_RUN + 1))


def test_verify_in_a_terminal_shows_every_field_escaped(
    tmp_path: Path, server: HostileServer
) -> None:
    run = _cli(tmp_path, server, "verify", "tok-1", terminal=True)
    assert run.code == 0, run.out
    assert raw_controls(run.out, own_colours=True) == []
    # The order id reads as itself, its escapes visible; the markup as the words it is.
    assert "1-2024\\x1b]0;PWNED\\x07" in run.out or "1-2024\\u001b]0;PWNED\\u0007" in run.out
    assert MARKUP_CLOSE in run.out
    assert "\x1b[1m" in run.out or "\x1b[32m" in run.out  # our own colours still work


def test_verify_piped_human_output_and_json(tmp_path: Path, server: HostileServer) -> None:
    human = _cli(tmp_path, server, "verify", "tok-1")
    assert human.code == 0 and raw_controls(human.out + human.err) == []
    as_json = _cli(tmp_path, server, "verify", "tok-1", "--json")
    assert raw_controls(as_json.out) == []  # escaped by JSON itself, not lost
    body = as_json.json()
    assert isinstance(body, dict)
    assert body["purchase"]["orderId"] == ORDER_ID
    assert body["purchase"]["developerPayload"] == f"developerPayload:{EVIL}"


def test_a_rejected_token_is_echoed_escaped(tmp_path: Path, server: HostileServer) -> None:
    run = _cli(tmp_path, server, "verify", f"tok{TITLE}en", terminal=True)
    assert run.code == 2
    assert raw_controls(run.out, own_colours=True) == []
    assert "tok\\x1b]0;PWNED\\x07en" in run.out
    assert "U+001B ESCAPE" in run.out
    assert server.requests == []


def test_the_consume_proof_shows_the_order_id_escaped(
    tmp_path: Path, server: HostileServer
) -> None:
    server.default = json_reply(
        hostile_purchase(orderId=ORDER_ID, sellerGoodsId="p", productId="p")
    )
    server.reply_for_path(
        CONSUME_PATH, json_reply(error_envelope(0, f"ok {EVIL}") | {"success": True})
    )
    run = _cli(tmp_path, server, "consume", "tok-1", "--yes", terminal=True)
    assert raw_controls(run.out, own_colours=True) == []
    proof = run.out.split("Proof — verified after the consume:", 1)[1]
    assert printable(ORDER_ID) in proof


def test_a_dry_run_payload_is_escaped_and_its_curl_line_exact(
    tmp_path: Path, server: HostileServer
) -> None:
    payload = f"gift {EVIL}"
    run = _cli(tmp_path, server, "consume", "tok-1", "--dry-run", "--developer-payload", payload)
    assert run.code == 0 and raw_controls(run.out) == []
    assert f"developerPayload={printable(payload)}" in run.out
    curl = next(line for line in run.out.splitlines() if line.startswith("curl "))
    script = 'curl() { printf "%s\\0" "$@"; }; ' + curl
    words = subprocess.run(["bash", "-c", script], capture_output=True, check=True, env={}).stdout
    assert f"developerPayload={payload}".encode() in words.split(b"\0")
    assert server.requests == []


def test_history_rows_and_show_are_escaped(tmp_path: Path, server: HostileServer) -> None:
    assert _cli(tmp_path, server, "verify", "tok-1", "--note", f"ZD-1 {TITLE}").code == 0
    rows = _cli(tmp_path, server, "history", terminal=True)
    assert rows.code == 0 and raw_controls(rows.out, own_colours=True) == []
    assert "ZD-1 \\x1b]0;PWNED\\x07" in rows.out
    assert "1-2024\\x1b]0;PWNED" in rows.out
    shown = _cli(tmp_path, server, "history", "show", "1", terminal=True)
    assert raw_controls(shown.out, own_colours=True) == []


@pytest.mark.parametrize("export_format", ["md", "csv"])
def test_an_export_keeps_the_data_in_a_file_and_escapes_it_on_a_terminal(
    tmp_path: Path, server: HostileServer, export_format: str
) -> None:
    assert _cli(tmp_path, server, "verify", "tok-1").code == 0
    file = tmp_path / f"export.{export_format}"
    written = _cli(
        tmp_path, server, "history", "export", "--format", export_format, "-o", str(file)
    )
    assert written.code == 0
    data = file.read_text(encoding="utf-8")
    piped = _cli(tmp_path, server, "history", "export", "--format", export_format)
    # A file and a pipe get the data as stored: the order id exactly as the server sent it.
    assert piped.out == data
    if export_format == "csv":
        [row] = list(csv.DictReader(io.StringIO(data, newline="")))
        assert row["orderId"] == ORDER_ID
    else:
        assert TITLE in data
    on_screen = _cli(
        tmp_path, server, "history", "export", "--format", export_format, terminal=True
    )
    assert on_screen.code == 0
    assert raw_controls(on_screen.out) == []
    assert "\\x1b]0;PWNED\\x07" in on_screen.out


def test_a_key_echoed_in_part_is_masked_everywhere(tmp_path: Path, hostile: HostileServer) -> None:
    echo = f"key {KEY_PIECE}… refused"
    hostile.default = json_reply(
        hostile_purchase(text=echo, orderId=f"1/{KEY_PIECE}", developerPayload=KEY)
    )
    printed = [
        _cli(tmp_path, hostile, "verify", "tok-1"),
        _cli(tmp_path, hostile, "verify", "tok-1", "--json"),
        _cli(tmp_path, hostile, "verify", "tok-1", terminal=True),
    ]
    hostile.default = json_reply(error_envelope(3900, echo))
    printed.append(_cli(tmp_path, hostile, "verify", "tok-2"))
    printed.append(_cli(tmp_path, hostile, "verify", "tok-2", "--json"))
    for args in (("history",), ("history", "--json"), ("history", "show", "1")):
        printed.append(_cli(tmp_path, hostile, *args))
    for export_format in ("md", "csv", "json"):
        printed.append(_cli(tmp_path, hostile, "history", "export", "--format", export_format))
    assert all(_no_key_piece(run.out + run.err) for run in printed)
    assert "••••" in printed[0].out
    assert json.loads(printed[1].out)["purchase"]["orderId"] == "1/••••"
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert KEY_PIECE.encode() not in file.read_bytes(), file


@pytest.mark.parametrize("debug", ["", "1"])
def test_an_internal_error_quoting_a_reply_is_printed_escaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], debug: str
) -> None:
    async def broken(args: argparse.Namespace, output: Output) -> int:
        raise RuntimeError(f"bug while showing {EVIL}")

    monkeypatch.setattr(explain_command, "run_explain", broken)
    monkeypatch.setenv("NOWGG_CONSOLE_DEBUG", debug)
    assert main(["explain", "3901"]) == 70
    printed = capsys.readouterr()
    assert raw_controls(printed.out + printed.err) == []
    assert "internal error (RuntimeError: bug while showing \\x1b]0;PWNED\\x07" in printed.err
    assert ("Traceback (most recent call last)" in printed.err) == bool(debug)
