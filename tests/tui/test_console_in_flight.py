"""While a request is in flight the screen says which one, to which host, the seconds elapsed,
and what Escape will do: it cancels a lookup; a consume that was sent cannot be cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_a_slow_lookup_says_what_where_how_long_and_what_escape_does(
    tmp_path: Path, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    host = sandbox.url.split("//")[1].rstrip("/")
    # A request that never gets its reply, with a long timeout: the line must still be there
    # when it has ticked, however slowly a loaded machine runs the test.
    config = environment_table("qa", sandbox.url, timeout=20)
    environ = console_environ(tmp_path, sandbox, config=config)
    async with console_app(environ, size=size) as (app, pilot):
        field = app.screen.query_one("#token")
        field.insert_text_at_cursor("sbx-fault-no-reply")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: visible(app, "#in-flight"))
        line = shown(app, "#in-flight")
        assert f"Verifying sbx-fa…eply on {host}" in line
        assert "Escape cancels this lookup" in line
        await wait_until(pilot, lambda: " 1 s " in shown(app, "#in-flight"))  # it ticks
        line_widget = app.screen.query_one("#in-flight")
        assert line_widget.region.y > field.region.y  # under the token field
        assert line_widget.region.height >= 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: not visible(app, "#in-flight"))
        assert any("Lookup cancelled" in toast for toast in app.toasts)


async def test_a_sent_consume_says_escape_cannot_cancel_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    token = "sbx-fault-consume-reply-lost"
    config = environment_table("qa", sandbox.url, timeout=1.5)
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        await look_up(pilot, token)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(
            pilot, lambda: visible(app, "#in-flight") and "Consume" in shown(app, "#in-flight")
        )
        line = shown(app, "#in-flight")
        assert "Consume of sbx-fa…lost sent to" in line
        assert "a consume that was sent cannot be cancelled: waiting for its outcome, at most" in (
            line
        )
        await pilot.press("escape")
        assert any("cannot be cancelled" in toast for toast in app.toasts)
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        assert not visible(app, "#in-flight")


async def test_escape_during_the_verify_before_a_consume_says_what_it_stopped(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-fault-slow-2s")
        await pilot.press("ctrl+o")
        await wait_until(
            pilot,
            lambda: (
                "before consuming it" in shown(app, "#in-flight") and visible(app, "#in-flight")
            ),
        )
        assert "Escape cancels this lookup (nothing was sent but a verify)" in shown(
            app, "#in-flight"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: not visible(app, "#in-flight"))
        assert "Cancelled before the confirmation: nothing was sent but a verify." in app.toasts
        assert not isinstance(app.screen, ConfirmConsume)
        # The gate opened with the cancelled check: a new request asks again.
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume), timeout=15)
