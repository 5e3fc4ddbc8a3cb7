"""The console obeys the desk's write-ahead rule: with the history off it still looks up,
says why consuming is off and how to fix it, and sends no consume — from the form, from
ctrl+o, or when the history breaks after the purchase was looked up. And a consume in flight
holds quitting back once, with what quitting now would leave behind."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from console.history import HistoryStore
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    environment_table,
    look_up,
    shown,
    toasts,
    wait_until,
)

TOKEN = "sbx-paid-unconsumed-0001"


def _consumed(sandbox: SandboxServer, token: str = TOKEN) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data["consumptionState"] == 1


async def test_with_the_history_off_lookups_work_and_no_consume_is_sent(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    database = Path(environ["NOWGG_CONSOLE_DATA"]) / "history.sqlite3"
    database.mkdir(parents=True)  # the database path is a folder
    async with console_app(environ) as (app, pilot):
        history_off = [
            toast
            for toast in toasts(app)
            if toast.startswith("the history is off for this run:")
            and "every consume is refused" in toast
        ]
        assert len(history_off) == 1  # said once, not once per list it is on
        await look_up(pilot, TOKEN)
        assert "PAID" in shown(app, "#headline")
        assert app.screen.query_one("#consume", Button).disabled
        reason = " ".join(shown(app, "#reason").split())
        assert "could not be written to the history first" in reason
        assert "is a folder, not a file" in reason
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmConsume)
        assert any(
            "the consume was not sent" in toast and str(database) in toast for toast in toasts(app)
        )
    assert not _consumed(sandbox)


async def test_a_history_that_breaks_after_the_lookup_refuses_at_ctrl_o(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        assert not app.screen.query_one("#consume", Button).disabled
        history = app.workspace.history
        assert history is not None
        history.close()
        await pilot.press("ctrl+o")
        await wait_until(
            pilot, lambda: any("the consume was not sent" in toast for toast in toasts(app))
        )
        assert not isinstance(app.screen, ConfirmConsume)
    assert not _consumed(sandbox)


async def test_quitting_with_a_consume_in_flight_takes_a_second_ctrl_q(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    token = "sbx-fault-consume-never-applied"  # its consume hangs until the timeout
    config = environment_table("qa", sandbox.url, timeout=60)
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        await look_up(pilot, token)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: bool(app.workspace.consumes_in_flight))
        [entry] = app.workspace.consumes_in_flight
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        warning = toasts(app)[-1]
        assert f"A consume is in flight (history entry {entry})" in warning
        assert "leaves its outcome unknown" in warning
        assert "nowgg-console history resolve" in warning
        assert "Press ctrl+q again within 5 s to quit anyway" in warning
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        assert [pending.id for pending in history.unresolved()] == [entry]
