"""A consume another console holds (alice's, written ahead in the same history by another
process and never finished): the console's consume is refused where consume refusals show —
the form, before any dialog — naming alice, nothing is sent; ticking Force sends it anyway.
When alice's console got there between the check and the write-ahead, the consume's result
says another console holds the token."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Button, Checkbox

from console.history import Action, HistoryEntry, HistoryStore
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)

TOKEN = "sbx-paid-unconsumed-0001"


def _consumed(sandbox: SandboxServer) -> bool:
    order = sandbox.state.get(TOKEN)
    assert order is not None
    return order.data["consumptionState"] == 1


def _alice_holds(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        history.begin(
            HistoryEntry(
                id=None,
                at=datetime(2026, 12, 1, 13, 5, tzinfo=UTC),
                operator="alice",
                environment="qa",
                host="sandbox.local",
                action=Action.CONSUME,
                token=TOKEN,
                store="nowgg",
                note="ZD-1234",
                owner_host="desk-1",
                owner_pid=1,
            )
        )


async def test_a_consume_alice_holds_is_refused_naming_her_then_forced(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    _alice_holds(tmp_path)
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, TOKEN)
        await pilot.press("ctrl+o")
        # Refused at the check: no dialog, the form says who holds it.
        await wait_until(pilot, lambda: "alice's consume" in shown(app, "#reason"))
        assert not isinstance(app.screen, ConfirmConsume)
        assert any("alice's consume of this token" in toast for toast in app.toasts)
        reason = shown(app, "#reason")
        assert "alice's consume of this token from desk-1 at 13:05 UTC on qa" in reason
        assert "(ticket ZD-1234)" in reason and "Tick Force to override" in reason
        assert app.screen.query_one("#consume", Button).disabled
        assert not _consumed(sandbox)

        app.screen.query_one("#force", Checkbox).value = True
        await wait_until(pilot, lambda: not app.screen.query_one("#consume", Button).disabled)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: "CONSUMED" in shown(app, "#consume-result"))
        assert _consumed(sandbox)


async def test_a_consume_alice_wrote_ahead_after_the_check_is_not_sent(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, TOKEN)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        _alice_holds(tmp_path)  # while the dialog is open
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        assert "NOT SENT: another console holds this token" in shown(app, "#consume-result")
        assert "alice's consume of this token" in shown(app, "#reason")
        assert not _consumed(sandbox)
