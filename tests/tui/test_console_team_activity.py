"""The purchase view names who else touched the purchase (alice's consume, written by another
console into the same history) beside the answer — after the answer showed, read from the
history off the event loop, names and tickets shown literally; nothing when nobody did."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from console.history import Action, HistoryEntry, HistoryStore, Outcome
from console.sandbox.server import SandboxServer
from console.tui.flows.workers import TEAM_GROUP
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)

TOUCHED = "sbx-paid-consumed-0002"
UNTOUCHED = "sbx-paid-unconsumed-0001"


def _alice_consumed(data: Path) -> None:
    with HistoryStore(data / "history.sqlite3") as history:
        history.record(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC).replace(hour=13, minute=5),
                operator="alice\x1b[31m",
                environment="production",
                host="payments-api.now.gg",
                action=Action.CONSUME,
                token=TOUCHED,
                store="nowgg",
                outcome=Outcome.OK,
                note="ZD-1234",
            )
        )


async def test_a_lookup_names_alices_consume_and_says_nothing_of_an_untouched_one(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    _alice_consumed(tmp_path / "data")
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, TOUCHED)
        await wait_until(pilot, lambda: visible(app, "#touched"))
        touched = shown(app, "#touched")
        assert "Also touched:" in touched
        assert "consumed by alice\\x1b[31m at 13:05 UTC on production · ticket ZD-1234" in touched
        await look_up(pilot, UNTOUCHED)
        # Once the history was read for it: still nothing, since nobody else touched it.
        await wait_until(pilot, lambda: _read_done(app))
        assert not visible(app, "#touched")
        await look_up(pilot, TOUCHED)
        await wait_until(pilot, lambda: visible(app, "#touched"))


def _read_done(app: App[None]) -> bool:
    return all(worker.is_finished for worker in app.workers if worker.group == TEAM_GROUP)
