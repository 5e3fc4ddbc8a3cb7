"""One confirmation at a time: a second request for the consume under way — the binding twice
in one frame, the palette while the dialog mounts — is ignored with a short notice; never two
dialogs, never a crash. A cancellation at the confirmation is on record with its token."""

from __future__ import annotations

from pathlib import Path

from textual import events

from console.history import HistoryStore
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.keys.scopes import MAIN
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

TOKEN = "sbx-paid-unconsumed-0001"


def dialogs(app: object) -> int:
    from textual.app import App

    assert isinstance(app, App)
    return sum(isinstance(screen, ConfirmConsume) for screen in app.screen_stack)


async def test_the_binding_twice_in_one_frame_opens_one_dialog(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        main = app.screen
        # Both key presses queued before the screen handles either: one frame.
        main.post_message(events.Key("ctrl+o", None))
        main.post_message(events.Key("ctrl+o", None))
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await pilot.pause(0.3)
        assert dialogs(app) == 1
        assert any("second request was ignored" in toast for toast in app.toasts)
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert dialogs(app) == 0
        # The gate opens once the consume is answered: a new request asks again.
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_the_palette_while_the_dialog_mounts_is_ignored_and_a_cancel_is_on_record(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        main = app.screen
        assert isinstance(main, MainScreen)
        main.action_consume()
        # What choosing "Consume purchase" in the palette runs, before the dialog is up.
        app.run_binding(main, MAIN, "consume", "Consume purchase")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        # and once more while it is on screen (the form's button behind it, a late palette).
        app.run_binding(main, MAIN, "consume", "Consume purchase")
        await pilot.pause(0.3)
        assert dialogs(app) == 1
        ignored = [toast for toast in app.toasts if "second request was ignored" in toast]
        assert len(ignored) == 2
        assert "waiting for your confirmation" in ignored[-1]
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert any("nothing was consumed" in toast for toast in app.toasts)
        await app.workspace.flush_history()
    order = sandbox.state.get(TOKEN)
    assert order is not None and order.data["consumptionState"] == 0
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        consumes = [entry for entry in history.search() if entry.action.value == "consume"]
    assert len(consumes) == 1
    (cancelled,) = consumes
    assert cancelled.token == TOKEN
    assert cancelled.environment == "qa"
    assert "cancel" in (cancelled.reason or "").lower()
