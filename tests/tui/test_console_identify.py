""" "What is this?" in the console: a paste reads as what it is at once; Enter on an order id,
a code or an e-mail address says so (with the tokens the history saw with an order id) and
sends nothing; Enter again sends it as typed — except an e-mail address, never sent."""

from __future__ import annotations

from pathlib import Path

from console.history import HistoryFilter
from console.sandbox.server import SandboxServer
from console.tui.widgets.result_area import ResultArea
from tests.tui.console_harness import console_app, console_environ, look_up, shown, wait_until
from tests.tui.test_console_paste import paste

ORDER_ID = "1-2024103006080100000000001"


async def test_an_order_id_is_said_with_the_token_seen_with_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await app.workspace.flush_history()
        await paste(pilot, ORDER_ID)
        assert "Reads as: A now.gg order id" in shown(app, "#token-note")
        await pilot.press("enter")
        result = app.screen.query_one(ResultArea)
        await wait_until(pilot, lambda: "cannot be asked by order id" in shown(app, "#hint"))
        said = shown(app, "#hint")
        assert "sbx-paid-unconsumed-0001" in said
        assert "Nothing was sent" in said
        assert result.outcome is None
        workspace = app.workspace
        assert await workspace.search_history(HistoryFilter(token=ORDER_ID)) == []  # not sent
        # Asked again: sent as typed, and now.gg's answer is shown (3901).
        await pilot.press("enter")
        await wait_until(pilot, lambda: result.outcome is not None)
        assert result.outcome is not None and result.outcome.failure is not None


async def test_a_code_is_explained_and_an_email_never_sent(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await paste(pilot, "3901")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "INVALID_PURCHASE_TOKEN" in shown(app, "#hint"))
        await paste(pilot, "player@example.com")
        for _ in range(2):
            await pilot.press("enter")
            await wait_until(pilot, lambda: "never sent to now.gg" in shown(app, "#hint"))
        assert app.screen.query_one(ResultArea).outcome is None


async def test_a_token_shape_is_named_as_it_is_pasted(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await paste(pilot, "241028222221SGP61717")
        assert "Reads as a purchase token: the documented sample's form" in shown(
            app, "#token-note"
        )
