"""Consuming through the dialog: it opens on Cancel (Enter sends nothing), its button reads
Consume, production asks for the order id's last 4 characters, and afterwards the pane shows
the proof verified again. Guards disable the form with their reason."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select

from console.history import Action, HistoryStore, Outcome
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    environment_table,
    look_up,
    shown,
    visible,
    wait_until,
)

TOKEN = "sbx-paid-unconsumed-0001"
ORDER_ID = "1-2024103006080100000000001"


def consumed(sandbox: SandboxServer, token: str = TOKEN) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data["consumptionState"] == 1


async def test_the_dialog_opens_on_cancel_and_enter_consumes_nothing(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        assert not app.screen.query_one("#consume", Button).disabled
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        dialog = app.screen
        summary = shown(app, "#summary")
        for words in (
            "qa",
            sandbox.url.split("//")[1].rstrip("/"),
            "sbx-pa…0001",
            ORDER_ID,
            "nowgg",
            "gems_100",
        ):
            assert words in summary
        assert TOKEN not in summary  # the token's middle is masked
        assert app.focused is dialog.query_one("#cancel", Button)
        assert str(dialog.query_one("#confirm", Button).label) == "Consume"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmConsume))
        assert not consumed(sandbox)
        assert any("nothing was consumed" in toast for toast in app.toasts)


async def test_confirming_consumes_and_shows_the_verified_proof(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        result = shown(app, "#consume-result")
        assert "CONSUMED" in result
        assert "Consumption  1 · Consumed" in result
        assert ORDER_ID in result
        assert "PAID   CONSUMED" in shown(app, "#headline")
        assert consumed(sandbox)
        # Consuming again is now refused by the guards, with the reason on the form.
        assert app.screen.query_one("#consume", Button).disabled
        assert "already consumed" in shown(app, "#reason")


async def test_production_needs_the_last_four_characters_of_the_order_id(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("live", sandbox.url, production=True)
    environ = console_environ(tmp_path, sandbox, config=config, keys={"live": sandbox.api_key})
    async with console_app(environ, "live") as (app, pilot):
        assert "PRODUCTION" in shown(app, "#banner")
        assert app.screen.query_one("#banner").has_class("-production")
        await look_up(pilot, TOKEN)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        dialog = app.screen
        confirm = dialog.query_one("#confirm", Button)
        assert app.focused is dialog.query_one("#cancel", Button)
        assert confirm.disabled
        assert "PRODUCTION" in shown(app, "#summary")
        typed = dialog.query_one("#typed", Input)
        typed.focus()
        await pilot.press(*"0002")
        assert confirm.disabled
        feedback = shown(app, "#typed-feedback")
        assert "“0002” does not match the order id's last 4" in feedback
        assert "Consume stays off" in feedback
        typed.value = ""
        await pilot.press(*ORDER_ID[-4:])
        await wait_until(pilot, lambda: not confirm.disabled)
        assert "Matches" in shown(app, "#typed-feedback")
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        assert consumed(sandbox)


async def test_a_read_only_environment_disables_the_form_with_its_reason(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("qa", sandbox.url, read_only=True)
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        assert "READ-ONLY" in shown(app, "#banner")
        await look_up(pilot, TOKEN)
        assert app.screen.query_one("#consume", Button).disabled
        assert "read-only" in shown(app, "#reason")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmConsume)
        assert not consumed(sandbox)
        # The console's own refusal is on record, with its full target and the guard.
        await wait_until(pilot, lambda: not app.screen.workers)
        await app.workspace.flush_history()
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as history:
        (refused,) = [e for e in history.search() if e.action is Action.CONSUME]
    assert refused.outcome is Outcome.REFUSED
    assert (refused.token, refused.store, refused.environment) == (TOKEN, "nowgg", "qa")
    assert "read-only" in (refused.reason or "")


async def test_client_side_stores_and_unpaid_purchases_are_refused(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        app.screen.query_one("#store", Select).value = "amazon"
        await pilot.pause()
        app.screen.query_one("#product-id", Input).value = "com.example.coins.1000"
        app.screen.query_one("#currency", Input).value = "USD"
        await look_up(pilot, "sbx-amazon-0008")
        assert "PAID" in shown(app, "#headline")
        assert app.screen.query_one("#consume", Button).disabled
        assert "consumed on the game client" in shown(app, "#reason")

        app.screen.query_one("#store", Select).value = "nowgg"
        await look_up(pilot, "sbx-unpaid-0003")
        assert app.screen.query_one("#consume", Button).disabled
        assert "not paid" in shown(app, "#reason")
        # Force exists, is never ticked by itself, and is deliberate.
        force = app.screen.query_one("#force")
        assert force.value is False  # type: ignore[attr-defined]


async def test_a_lost_consume_reply_is_settled_by_verifying(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    token = "sbx-fault-consume-reply-lost"
    config = environment_table("qa", sandbox.url, timeout=0.5)
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        await look_up(pilot, token)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        result = shown(app, "#consume-result")
        assert "outcome was unknown" in result
        assert "verifying shows the purchase as Consumed" in result
        assert "Consumption  1 · Consumed" in result
