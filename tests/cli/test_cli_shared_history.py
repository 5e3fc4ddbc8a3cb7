"""The shared history on a real PostgreSQL server, from the command line: choosing it, its
password kept out of files and output, `history migrate` and `history import`, and a console
on one side seeing what a console on the other recorded."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from console.history import Action, HistoryStore, Settlement
from console.history.shared_target import URL_VARIABLE
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import Run, cli_command, isolated_environ, run_cli
from tests.history.history_entries import make_history_entry
from tests.postgres_cluster import PASSWORD, PASSWORD_USER, PostgresCluster


def _count(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM history").fetchone()
    assert row is not None
    return int(str(row[0]))


def test_migrate_creates_the_schema_once_even_from_two_consoles_at_once(
    tmp_path: Path, postgres_url: str
) -> None:
    env = isolated_environ(tmp_path, **{URL_VARIABLE: postgres_url})
    both = [
        subprocess.Popen(
            cli_command("history", "migrate"), env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0]
    # One of them made it; the other found it made (the advisory lock put them in line).
    assert sum("from schema 0 to 1" in out for out in outputs) == 1
    assert sum("up to date (schema 1)" in out for out in outputs) == 1
    again = run_cli(tmp_path, "history", "migrate", env={URL_VARIABLE: postgres_url})
    assert again.code == 0 and "nothing to do" in again.out
    assert _count(postgres_url) == 0


def test_import_moves_a_local_history_in_once(tmp_path: Path, postgres_url: str) -> None:
    local = tmp_path / "old" / "history.sqlite3"
    now = datetime.now(UTC)  # within the retention: listing prunes what is older
    with HistoryStore(local) as old:
        consume = old.begin(make_history_entry(action=Action.CONSUME, token="tok-imported", at=now))
        old.settle(
            consume,
            make_history_entry(token="tok-imported", at=now),
            settlement=Settlement.CONSUMED,
            resolution="verified: consumed",
        )
        old.record(make_history_entry(token="tok-other", note="ZD-77"))
    env = {URL_VARIABLE: postgres_url}
    first = run_cli(tmp_path, "history", "import", str(local), env=env)
    assert first.code == 0, first.err
    assert "3 entries added, 0 already there" in first.out
    second = run_cli(tmp_path, "history", "import", str(local), env=env)
    assert "0 entries added, 3 already there" in second.out
    assert _count(postgres_url) == 3
    listed = run_cli(tmp_path, "history", "--token", "tok-imported", "--json", env=env)
    entries = listed.json()["entries"]  # type: ignore[index]
    assert len(entries) == 2, (listed.err, first.out)
    with psycopg.connect(postgres_url) as server:
        rows = server.execute(
            "SELECT c.id, p.id FROM history c JOIN history p ON p.proves_entry = c.id "
            "WHERE c.proof_entry = p.id AND c.token = 'tok-imported'"
        ).fetchall()
    assert len(rows) == 1  # the consume and its proof still point at each other


def test_a_verify_in_one_console_is_seen_with_its_operator_in_another(
    tmp_path: Path, postgres_url: str
) -> None:
    env = {URL_VARIABLE: postgres_url}
    alice = run_cli(tmp_path / "alice", "verify", "sbx-paid-consumed-0002", env=env)
    assert alice.code == 0, alice.err
    seen = run_cli(
        tmp_path / "bob", "history", "--token", "sbx-paid-consumed-0002", "--json", env=env
    )
    [entry] = seen.json()["entries"]  # type: ignore[index]
    assert entry["action"] == "verify" and entry["operator"]
    # Bob's own machine-local file was never written: the history is the server's.
    assert not (tmp_path / "bob" / "data" / "nowgg-console" / "history.sqlite3").exists()


def test_the_password_comes_from_the_environment_never_from_the_config(
    tmp_path: Path, postgres_cluster: PostgresCluster, postgres_url: str
) -> None:
    database = postgres_url.split("/")[3].split("?")[0]
    url = postgres_cluster.tcp_url(database)  # loopback TCP: the server asks for a password
    refused = run_cli(tmp_path, "verify", "sbx-paid-consumed-0002", env={URL_VARIABLE: url})
    assert f"the shared history at postgresql://{PASSWORD_USER}@127.0.0.1" in refused.err
    assert "key set history" in refused.err
    allowed = run_cli(
        tmp_path, "history", "migrate", env={URL_VARIABLE: url, "PGPASSWORD": PASSWORD}
    )
    assert allowed.code == 0, allowed.err
    config = tmp_path / "config" / "nowgg-console" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    with_password = url.replace(f"{PASSWORD_USER}@", f"{PASSWORD_USER}:{PASSWORD}@")
    config.write_text(f'[history]\nretention_days = 30\nurl = "{with_password}"\n')
    ignored = run_cli(tmp_path, "history", "migrate")
    assert "line 3" in ignored.err and "history.url" in ignored.err
    assert "a URL with a password" in ignored.err
    for run in (refused, allowed, ignored):
        assert PASSWORD not in run.out + run.err


def test_stopping_the_server_mid_session_loses_no_record(
    tmp_path: Path, postgres_cluster: PostgresCluster, postgres_url: str, sandbox: SandboxServer
) -> None:
    env = {URL_VARIABLE: postgres_url, "NOWGG_CONSOLE_API_KEY": sandbox.api_key}

    def cli(*args: str) -> Run:
        return run_cli(tmp_path, *args, "--base-url", sandbox.url, env=env)

    assert cli("verify", "sbx-paid-consumed-0002").code == 0
    postgres_cluster.pg_ctl("stop")
    try:
        away = cli("verify", "sbx-paid-unconsumed-0001")
        assert away.code == 0, away.err
        assert "cannot reach the shared history" in away.err and "local spool" in away.err
        # A consume while the server is away: written ahead to the spool, then sent.
        consumed = cli("consume", "sbx-paid-unconsumed-0001", "--yes", "--note", "ZD-5")
        assert consumed.code == 0, consumed.err
        # What this console did meanwhile is in its own searches, marked, while it waits.
        listed_away = run_cli(tmp_path, "history", env=env)
        assert listed_away.code == 0, listed_away.err
        waiting = [line for line in listed_away.out.splitlines() if " consume " in line]
        assert len(waiting) == 1 and "spooled — not yet on the shared server" in waiting[0]
        assert "cannot reach the shared history" in listed_away.err
        again = cli("verify", "sbx-paid-unconsumed-0001")
        touched = again.out[again.out.index("Also touched") :]
        assert "consumed by" in touched and "spooled — not yet on the shared server" in touched
        said = cli("verify", "sbx-paid-unconsumed-0001", "--json").json()
        assert isinstance(said, dict)
        [consume] = [e for e in said["touchedBy"]["entries"] if e["action"] == "consume"]
        assert consume["spooled"] is True and consume["ticket"] == "ZD-5"
    finally:
        postgres_cluster.pg_ctl("start")
    listed = run_cli(tmp_path, "history", "--json", "--limit", "100", env=env)
    assert listed.code == 0, listed.err
    entries = listed.json()["entries"]  # type: ignore[index]
    with psycopg.connect(postgres_url) as server:
        doubled = server.execute(
            "SELECT uid FROM history GROUP BY uid HAVING count(*) > 1"
        ).fetchall()
        rows = server.execute("SELECT action, token, outcome, note FROM history").fetchall()
    assert doubled == []
    assert ("consume", "sbx-paid-unconsumed-0001", "ok", "ZD-5") in rows
    assert ("verify", "sbx-paid-consumed-0002", "ok", None) in rows
    assert len(entries) == len(rows)  # every entry on the server, listed once
    with HistoryStore(tmp_path / "data" / "nowgg-console" / "history-spool.sqlite3") as spool:
        assert spool.count() == 0
