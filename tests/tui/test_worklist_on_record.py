"""The worklist's consumes follow the console's rules of issue 9: one confirmation at a time
shared with the purchase tab, the request in flight said, and every attempt on record — a
cancellation at the worklist's confirmation, the rows the worklist itself refuses."""

from __future__ import annotations

from pathlib import Path

from console.history import HistoryEntry, HistoryStore
from console.outcome_category import OutcomeCategory
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_bulk_consume import ConfirmBulkConsume
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.in_flight import RequestKind
from console.tui.screens.main_screen import MainScreen
from console.tui.start import StartRequest
from console.tui.widgets.worklist import Worklist
from tests.tui.console_harness import console_app, console_environ, wait_until

PAID = "sbx-paid-unconsumed-0001"


def _consumes(tmp_path: Path) -> list[HistoryEntry]:
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        return [entry for entry in history.search() if entry.action.value == "consume"]


def _consumed(sandbox: SandboxServer, token: str) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return bool(order.data["consumptionState"])


async def test_a_row_consume_shares_the_gate_and_a_cancel_is_on_record(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text=f"{PAID}\nsbx-unpaid-0003")
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        main = app.screen
        assert isinstance(main, MainScreen)
        worklist = main.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        # The purchase tab's consume while the worklist's dialog is up: refused, no 2nd dialog.
        main.action_consume()
        await pilot.pause(0.2)
        assert any("second request was ignored" in toast for toast in app.toasts)
        assert sum(isinstance(screen, ConfirmConsume) for screen in app.screen_stack) == 1
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: any("on record as cancelled" in t for t in app.toasts))
        await app.workspace.flush_history()
    assert not _consumed(sandbox, PAID)
    (cancelled,) = _consumes(tmp_path)
    assert (cancelled.token, cancelled.outcome) == (PAID, OutcomeCategory.CANCELLED)


async def test_a_row_consume_says_its_check_in_flight(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(worklist_text="sbx-fault-slow-2s")
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        main = app.screen
        assert isinstance(main, MainScreen)
        worklist = main.query_one(Worklist)
        # The list's own verify is said as in flight while it runs, then no longer.
        await wait_until(pilot, lambda: bool(main.in_flight_requests))
        (verifying,) = main.in_flight_requests
        assert verifying.kind is RequestKind.WORKLIST
        assert verifying.what().startswith("Verifying 1 worklist token on 127.0.0.1")
        await wait_until(pilot, lambda: all(worklist.outcomes), timeout=15)
        await wait_until(pilot, lambda: main.in_flight_requests == ())
        await pilot.press("c")
        await wait_until(pilot, lambda: bool(main.in_flight_requests))
        (request,) = main.in_flight_requests
        assert request.kind is RequestKind.CHECK_BEFORE_CONSUME
        assert "sbx-fault-slow-2s" not in request.subject  # masked, as everywhere
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume), timeout=15)
        assert main.in_flight_requests == ()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_a_bulk_consume_cancelled_puts_each_chosen_row_on_record_once_as_cancelled(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    tokens = f"{PAID}\nsbx-test-order-0005\nsbx-unpaid-0003"
    start = StartRequest(worklist_text=tokens)
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        main = app.screen
        assert isinstance(main, MainScreen)
        worklist = main.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        await pilot.press("a", "C")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmBulkConsume))
        # Nothing on record while the operator reads the dialog: not even the skipped row.
        await app.workspace.flush_history()
        assert _consumes(tmp_path) == []
        main.action_consume()  # the purchase tab's consume meanwhile: the same gate
        await pilot.pause(0.2)
        assert any("second request was ignored" in toast for toast in app.toasts)
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: any("on record as cancelled" in t for t in app.toasts))
        await app.workspace.flush_history()
    assert not _consumed(sandbox, PAID) and not _consumed(sandbox, "sbx-test-order-0005")
    # Every chosen row once, with its target, as cancelled: nothing was attempted on any of
    # them, the one the worklist would have skipped included (and why it would have been).
    entries = {entry.token: entry for entry in _consumes(tmp_path)}
    assert {token: entry.outcome for token, entry in entries.items()} == {
        PAID: OutcomeCategory.CANCELLED,
        "sbx-test-order-0005": OutcomeCategory.CANCELLED,
        "sbx-unpaid-0003": OutcomeCategory.CANCELLED,
    }
    assert len(_consumes(tmp_path)) == 3
    assert "would have been skipped: unpaid" in (entries["sbx-unpaid-0003"].reason or "")
    assert entries[PAID].store == "nowgg" and entries[PAID].environment == "qa"
