"""One acknowledge at a time, each stage said in flight, every decision on record: a second
request while one is checked or confirmed is ignored with a notice (never two dialogs); the
verify before it and the acknowledge itself are said under the token field with what Escape
does; a cancellation at the confirmation is on record with its target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from console.history import Action, HistoryFilter, HistoryStore, Outcome
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_acknowledge import ConfirmAcknowledge
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)

SLOW = "sbx-fault-slow-2s"  # every request on it answers after 2 s, the acknowledge too


def dialogs(app: App[Any]) -> int:
    return sum(isinstance(screen, ConfirmAcknowledge) for screen in app.screen_stack)


async def test_a_cancel_at_the_dialog_is_on_record_and_a_second_request_is_ignored(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, seeded.FRESH_TOKEN)
        main = app.screen
        assert isinstance(main, MainScreen)
        # Twice in one frame (a double press of the button), then once with the dialog up.
        main.acknowledge_flow.request(False)
        main.acknowledge_flow.request(False)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge))
        main.acknowledge_flow.request(False)
        await pilot.pause(0.3)
        assert dialogs(app) == 1
        ignored = [toast for toast in app.toasts if "second request was ignored" in toast]
        assert len(ignored) == 2
        assert ignored[0].startswith("An acknowledge is already being checked")
        assert "waiting for your confirmation" in ignored[-1]
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert any("nothing was acknowledged (on record as cancelled)" in t for t in app.toasts)
        await app.workspace.flush_history()
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        (entry,) = history.search(HistoryFilter(action=Action.ACKNOWLEDGE))
    assert (entry.token, entry.store, entry.environment) == (seeded.FRESH_TOKEN, "nowgg", "qa")
    assert entry.outcome is Outcome.CANCELLED
    assert entry.host == sandbox.url.split("//")[1].rstrip("/")
    subscription = sandbox.state.subscription(seeded.FRESH_TOKEN)
    assert subscription is not None and subscription.acknowledged_ms is None


async def test_the_verify_before_and_the_sent_acknowledge_say_what_escape_does(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SLOW)
        main = app.screen
        assert isinstance(main, MainScreen)
        main.acknowledge_flow.request(True)
        await wait_until(
            pilot,
            lambda: (
                visible(app, "#in-flight") and "before acknowledging it" in shown(app, "#in-flight")
            ),
        )
        assert "Escape cancels this lookup (nothing was sent but a verify)" in shown(
            app, "#in-flight"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: not visible(app, "#in-flight"))
        assert "Cancelled before the confirmation: nothing was sent but a verify." in app.toasts
        assert dialogs(app) == 0
        # The gate opened with the cancelled check; forced (this order is no subscription
        # the sandbox knows), confirmed, and sent: Escape cannot stop it.
        await look_up(pilot, SLOW)
        main.acknowledge_flow.request(True)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge), timeout=15)
        # Laid out before it is clicked (the dialog composes after it is pushed).
        await wait_until(
            pilot, lambda: any(b.region.width > 0 for b in app.screen.query("#confirm"))
        )
        await click_shown(pilot, "#confirm")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, MainScreen)
                and visible(app, "#in-flight")
                and "Acknowledge of sbx-fa…w-2s sent to" in shown(app, "#in-flight")
            ),
        )
        assert (
            "an acknowledge that was sent cannot be cancelled: waiting for its outcome, at most"
            in shown(app, "#in-flight")
        )
        await pilot.press("escape")
        assert any("The acknowledge was sent and cannot be cancelled" in t for t in app.toasts)
        await wait_until(pilot, lambda: "5001" in shown(app, "#ack-result"), timeout=15)
        assert not visible(app, "#in-flight")
