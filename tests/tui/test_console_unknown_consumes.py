"""Consumes of unknown outcome cannot be missed: the console says how many there are for the
environment on the banner as soon as the history is open (nothing when there are none), and
resolves them from the history pane (the current row) or the palette (all): verified, recorded
on the consume's own row, the proof shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from console.history import Action, HistoryEntry, HistoryStore
from console.sandbox.server import SandboxServer
from console.tui.dialogs.resolve_report import ResolveReportDialog
from console.tui.keys.scopes import MAIN
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    shown,
    table_text,
    visible,
    wait_until,
)

TOKEN = "sbx-paid-unconsumed-0001"


def killed_consume(tmp_path: Path, environment: str, host: str, token: str = TOKEN) -> int:
    """A consume written ahead by a console killed an hour ago, before its reply."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    with HistoryStore(data / "history.sqlite3") as history:
        return history.begin(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC) - timedelta(hours=1),
                operator="bob",
                environment=environment,
                host=host,
                action=Action.CONSUME,
                token=token,
                store="nowgg",
                owner_host="a-machine-long-gone",
                owner_pid=1,
            )
        )


def two_environments(tmp_path: Path, sandbox: SandboxServer) -> dict[str, str]:
    config = environment_table("qa", sandbox.url, label="QA") + environment_table(
        "staging", sandbox.url, label="Staging"
    )
    return console_environ(
        tmp_path, sandbox, config=config, keys={"qa": sandbox.api_key, "staging": sandbox.api_key}
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_count_shows_from_the_start_for_the_environment_on_the_banner(
    tmp_path: Path, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    host = sandbox.url.split("//")[1].rstrip("/")
    killed_consume(tmp_path, "qa", host)
    killed_consume(tmp_path, "qa", host, "sbx-paid-unconsumed-0002")
    killed_consume(tmp_path, "staging", host)
    async with console_app(two_environments(tmp_path, sandbox), size=size) as (app, pilot):
        await wait_until(pilot, lambda: visible(app, "#unknown-consumes"))
        words = shown(app, "#unknown-consumes")
        assert "2 consumes of unknown outcome on qa" in words
        assert "F7 resolves them" in words
        bar = app.screen.query_one("#unknown-consumes")
        assert bar.region.y < app.screen.query_one("#token").region.y  # above the token field
        assert bar.region.width == size[0]
        # Another environment: its own count, never the old one.
        staging = app.workspace.settings.find("staging")
        assert staging is not None
        app.switch_environment(staging)
        await wait_until(
            pilot,
            lambda: "1 consume of unknown outcome on staging" in shown(app, "#unknown-consumes"),
        )


async def test_none_unknown_shows_nothing(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        main = app.screen
        assert isinstance(main, MainScreen)
        await main.session.workspace.flush_history()
        await pilot.pause(0.2)
        assert not visible(app, "#unknown-consumes")


async def test_resolve_from_the_history_pane_settles_the_row_and_shows_the_proof(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    host = sandbox.url.split("//")[1].rstrip("/")
    entry_id = killed_consume(tmp_path, "qa", host)
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await wait_until(pilot, lambda: visible(app, "#unknown-consumes"))
        await pilot.press("ctrl+g")
        table = app.screen.query_one("#history-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1 and app.focused is table)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveReportDialog))
        await wait_until(pilot, lambda: bool(app.screen.query("#resolve-report")))
        report = shown(app, "#resolve-report")
        assert "DID NOT GO THROUGH" in report
        assert f"entry {entry_id} · qa · sbx-pa…0001" in report
        assert "Proof: " in report and "Not consumed" in report
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: not visible(app, "#unknown-consumes"))
        await wait_until(pilot, lambda: "(resolved by #" in table_text(table))
        consume_rows = [row for row in table_text(table).splitlines() if " consume " in row]
        assert len(consume_rows) == 1
        assert "not consumed (resolved by #" in consume_rows[0]
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        settled = history.get(entry_id)
        assert settled is not None and not settled.unresolved
        assert settled.resolution is not None and "did not take effect" in settled.resolution


async def test_resolve_all_from_the_palette(tmp_path: Path, sandbox: SandboxServer) -> None:
    host = sandbox.url.split("//")[1].rstrip("/")
    killed_consume(tmp_path, "qa", host)
    killed_consume(tmp_path, "qa", host, "sbx-paid-consumed-0002")
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await wait_until(pilot, lambda: visible(app, "#unknown-consumes"))
        app.run_binding(app.screen, MAIN, "resolve_unknown", "Resolve unknown consumes")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveReportDialog))
        await wait_until(pilot, lambda: bool(app.screen.query("#resolve-report")))
        report = shown(app, "#resolve-report")
        assert report.count("DID NOT GO THROUGH") == 1
        assert report.count("WENT THROUGH") == 1
        assert "sbx-pa…0002" in report
        await pilot.press("escape")
        await wait_until(pilot, lambda: not visible(app, "#unknown-consumes"))
