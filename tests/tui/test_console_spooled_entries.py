"""While the shared history's server is away, what this console did meanwhile waits in its
local spool — and still shows in the console: beside a lookup ("Also touched") and in the
history pane, marked "spooled — not yet on the shared server". On the real throw-away
PostgreSQL server (tests/postgres_cluster.py), stopped by the test and started again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable

from console.history import Action, HistoryEntry, HistoryStore, Outcome
from console.history.shared_target import URL_VARIABLE, SharedTarget
from console.sandbox.server import SandboxServer
from console.tui.widgets.history_pane import HistoryPane
from tests.postgres_cluster import PostgresCluster
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    table_text,
    visible,
    wait_until,
)

TOKEN = "sbx-paid-consumed-0002"
SPOOLED = "spooled — not yet on the shared server"


@pytest.fixture
def server_away(postgres_cluster: PostgresCluster, postgres_url: str) -> Iterator[str]:
    """The test's database, on the session's server stopped for the test (and running again
    afterwards, before its database is dropped)."""
    postgres_cluster.pg_ctl("stop")
    try:
        yield postgres_url
    finally:
        if not postgres_cluster.running():
            postgres_cluster.pg_ctl("start")


def _consumed_while_away(data: Path, url: str) -> None:
    """A consume this machine made a moment ago, with the server away: in its spool only."""
    data.mkdir(parents=True, exist_ok=True)
    with HistoryStore(data / "history.sqlite3", shared=SharedTarget(url)) as history:
        entry_id = history.record(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC).replace(hour=13, minute=5),
                operator="alice",
                environment="qa",
                host="127.0.0.1",
                action=Action.CONSUME,
                token=TOKEN,
                store="nowgg",
                outcome=Outcome.OK,
                note="ZD-77",
            )
        )
        assert entry_id < 0  # the spool's


async def test_the_lookup_and_the_history_pane_show_this_consoles_spooled_consume(
    tmp_path: Path, sandbox: SandboxServer, server_away: str
) -> None:
    postgres_url = server_away
    environ = {**console_environ(tmp_path, sandbox), URL_VARIABLE: postgres_url}
    _consumed_while_away(tmp_path / "data", postgres_url)
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, TOKEN)
        await wait_until(pilot, lambda: visible(app, "#touched"))
        touched = shown(app, "#touched")
        assert f"consumed by alice at 13:05 UTC on qa · ticket ZD-77 · {SPOOLED}" in touched

        await pilot.press("ctrl+g")
        pane = app.screen.query_one(HistoryPane)
        await wait_until(
            pilot, lambda: any(entry.action is Action.CONSUME for entry in pane.entries)
        )
        rows = table_text(app.screen.query_one("#history-table", DataTable))
        consume_row = next(line for line in rows.splitlines() if "consume" in line)
        assert "· spooled" in consume_row
        assert f"{len(pane.entries)} {SPOOLED}" in shown(app, "#history-status")
        assert all(entry.spooled for entry in pane.entries)
