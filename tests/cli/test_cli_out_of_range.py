"""A reply code past what SQLite can store (≥ 2**63) never becomes an internal error: the
consume's JSON is whole, its entry is on record, and nothing stays "unknown" for good — an
unknown consume made with `--base-url` is settled by `history resolve --base-url`."""

from __future__ import annotations

import json
from pathlib import Path

from console.payments.wire import CONSUME_PATH
from tests.cli.in_flight_consumes import TOKEN, hostile_cli, verify_shows_consumed
from tests.hostile_server import HostileServer, raw_json_reply

HUGE = 2**64


def test_a_huge_reply_code_is_on_record_and_never_an_internal_error(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hostile.reply_for_path(
        CONSUME_PATH,
        raw_json_reply(f'{{"success": false, "code": {HUGE}, "codeMsg": "odd", "data": {{}}}}'),
    )
    run = hostile_cli(
        tmp_path, hostile, "consume", TOKEN, "--yes", "--base-url", hostile.url, "--json"
    )
    assert run.code != 70, run.out + run.err
    assert "internal error" not in run.err
    body = run.json()
    assert isinstance(body, dict) and body["status"] in ("failed", "unknown", "not_consumed")
    entry_id = body["historyEntry"]
    assert isinstance(entry_id, int)

    shown = hostile_cli(tmp_path, hostile, "history", "show", str(entry_id), "--json")
    assert shown.code == 0, shown.err
    entry = json.loads(shown.out)
    assert entry["action"] == "consume"
    assert entry["code"] is None or entry["code"] < 2**63
    # Whatever the client made of the code, the entry can be settled with its base URL.
    verify_shows_consumed(hostile)
    settled = hostile_cli(
        tmp_path, hostile, "history", "resolve", "--min-age", "0", "--base-url", hostile.url
    )
    assert settled.code == 0, settled.out + settled.err
    listed = hostile_cli(tmp_path, hostile, "history", "--action", "consume", "--json")
    assert [entry["outcome"] for entry in json.loads(listed.out)["entries"]] != ["unknown"]
    assert "UNKNOWN" not in hostile_cli(tmp_path, hostile, "history").out
