"""Acknowledging in the console: after a lookup, the form beside Consume shows the deadline
and the time left when the purchase is (or may be) a subscription; ctrl+k verifies afresh and
the dialog opens on Cancel (Enter sends nothing); afterwards the form shows now.gg's answer.
Every seeded subscription, through the same flow; it fits an 80x24 terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox

from console.desk.workspace import history_path
from console.history import Action, HistoryEntry, HistoryStore, Outcome
from console.sandbox import subscriptions as seeded
from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_acknowledge import ConfirmAcknowledge
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)


def _acknowledged(sandbox: SandboxServer, token: str) -> bool:
    subscription = sandbox.state.subscription(token)
    return subscription is not None and subscription.acknowledged_ms is not None


async def test_the_deadline_shows_beside_consume_and_ctrl_k_opens_the_dialog_on_cancel(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, seeded.NEAR_DEADLINE_TOKEN)
        # In the purchase view, beside Consume: no tab to open, no key to press first.
        await wait_until(pilot, lambda: visible(app, "#acknowledge-form"))
        assert visible(app, "#consume-form")
        assert "Acknowledge by" in shown(app, "#ack-deadline")
        assert " h " in shown(app, "#ack-deadline") and "left" in shown(app, "#ack-deadline")
        # Not known to be a subscription yet: the reply says nothing of it.
        assert "not acknowledged" not in shown(app, "#ack-anomaly")
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge))
        dialog = app.screen
        assert app.focused is dialog.query_one("#cancel", Button)
        assert str(dialog.query_one("#confirm", Button).label) == "Acknowledge"
        assert "Acknowledge by" in shown(app, "#summary")
        await pilot.press("enter")  # on Cancel: nothing is sent
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmAcknowledge))
        assert not _acknowledged(sandbox, seeded.NEAR_DEADLINE_TOKEN)
        # Asked for by the operator: now the console knows it is a subscription.
        assert "subscription not acknowledged: 1 hours left" in shown(app, "#ack-anomaly")
        # Now confirmed, from the form's button: sent once, the answer shown with the reply.
        await pilot.click("#acknowledge")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: "ACKNOWLEDGED" in shown(app, "#ack-result"))
        assert '"codeMsg": "success"' in shown(app, "#ack-result")
        assert "Acknowledged" in shown(app, "#ack-anomaly")
        assert _acknowledged(sandbox, seeded.NEAR_DEADLINE_TOKEN)


async def test_the_palette_acknowledges_the_purchase_on_screen(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, seeded.FRESH_TOKEN)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Acknowledge subscription")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge))
        assert app.focused is app.screen.query_one("#cancel", Button)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmAcknowledge))
        assert not _acknowledged(sandbox, seeded.FRESH_TOKEN)


async def test_at_80x24_both_buttons_fit_below_the_purchase(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    async with console_app(environ, size=(80, 24)) as (app, pilot):
        await look_up(pilot, seeded.FRESH_TOKEN)
        await wait_until(pilot, lambda: visible(app, "#acknowledge-form"))
        screen = app.screen.region
        for button in ("#consume", "#acknowledge"):
            region = app.screen.query_one(button, Button).region
            assert region.height > 0 and screen.contains_region(region), button
        assert "left" in shown(app, "#ack-deadline")


async def test_a_purchase_that_cannot_be_a_pending_subscription_shows_no_form(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")  # bought in 2024: long past 3 days
        await wait_until(pilot, lambda: "Allowed" in shown(app, "#reason"))
        assert not visible(app, "#acknowledge-form")


@pytest.mark.parametrize(
    ("token", "force", "says"),
    [
        (seeded.FRESH_TOKEN, False, "ACKNOWLEDGED"),
        (seeded.NOT_A_SUBSCRIPTION_TOKEN, False, "5001"),
        (seeded.USER_HAS_ONE_TOKEN, False, "5006"),
        (seeded.ACKNOWLEDGED_TOKEN, True, "5002"),
        (seeded.CANCELLED_BY_USER_TOKEN, True, "5002"),
        (seeded.PAST_DEADLINE_TOKEN, True, "5004"),
    ],
)
async def test_every_seeded_subscription_gets_its_answer(
    tmp_path: Path, sandbox: SandboxServer, token: str, force: bool, says: str
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, token)
        if force:
            app.screen.query_one("#ack-force", Checkbox).value = True
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmAcknowledge))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: says in shown(app, "#ack-result"))


async def test_the_expired_one_is_refused_with_its_reason(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, seeded.PAST_DEADLINE_TOKEN)
        # Past its 3 days and not known as a subscription: nothing to offer beside Consume.
        assert not visible(app, "#acknowledge-form")
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: "Refused" in shown(app, "#ack-result"))
        assert visible(app, "#acknowledge-form")
        assert "Deadline passed" in shown(app, "#ack-deadline")
        assert shown(app, "#ack-anomaly") == ""
        assert "3-day deadline to acknowledge has passed" in shown(app, "#ack-result")
        assert "Tick Force" in shown(app, "#ack-result")
        assert not isinstance(app.screen, ConfirmAcknowledge)


async def test_the_history_tells_the_console_it_was_acknowledged(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    host = sandbox.url.split("//")[1].rstrip("/")
    with HistoryStore(history_path(environ)) as history:
        history.record(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC),
                operator="earlier",
                environment="qa",
                host=host,
                action=Action.ACKNOWLEDGE,
                token=seeded.FRESH_TOKEN,
                store="nowgg",
                outcome=Outcome.OK,
                code=0,
            )
        )
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, seeded.FRESH_TOKEN)
        # Without a key pressed: the history's word is enough.
        await wait_until(pilot, lambda: "Acknowledged" in shown(app, "#ack-anomaly"))
        assert "not acknowledged" not in shown(app, "#ack-anomaly")
