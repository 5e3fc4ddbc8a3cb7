"""A paste into the token field, as a terminal delivers it (a bracketed paste, line breaks
included): read whole and cleaned, replacing the token looked up before; a paste of several
tokens offers the worklist instead of a guess."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Input

from console.sandbox.server import SandboxServer
from console.tui.dialogs.several_tokens import SeveralTokensDialog
from console.tui.widgets.result_area import ResultArea
from console.tui.widgets.worklist import Worklist
from tests.tui.console_harness import console_app, console_environ, shown, wait_until


async def paste(pilot: Pilot[None], text: str) -> None:
    """What the terminal sends for a bracketed paste: one Paste event to the focused field."""
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_wrapped_quoted_token_is_pasted_whole_and_finds_its_purchase(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        await paste(pilot, '"sbx-paid-uncon\nsumed-0001",\n')
        assert field.value == "sbx-paid-unconsumed-0001"
        assert "joined 2 lines that were wrapped" in shown(app, "#token-note")
        await pilot.press("enter")
        result = app.screen.query_one(ResultArea)
        await wait_until(pilot, lambda: result.outcome is not None)
        assert "PAID   NOT CONSUMED" in shown(app, "#headline")
        # The lookup changed nothing more: what the paste cleaned is still said.
        assert "removed the quotes around it" in shown(app, "#token-note")


async def test_after_a_lookup_the_next_paste_replaces_the_old_token(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        await paste(pilot, "sbx-paid-unconsumed-0001")
        await pilot.press("enter")
        result = app.screen.query_one(ResultArea)
        await wait_until(pilot, lambda: result.outcome is not None)
        assert field.selected_text == "sbx-paid-unconsumed-0001"  # typing replaces it too
        first = result.outcome
        # ctrl+l on the token just looked up selects it instead of looking it up again.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert result.outcome is first
        await paste(pilot, "purchaseToken=sbx-unpaid-0003")
        assert field.value == "sbx-unpaid-0003"
        await pilot.press("ctrl+l")  # a new token: ctrl+l looks it up
        await wait_until(pilot, lambda: result.outcome is not first)
        assert "UNPAID" in shown(app, "#headline")


async def test_a_paste_of_several_tokens_offers_the_worklist(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        await paste(pilot, "sbx-paid-unconsumed-0001\nsbx-unpaid-0003\nsbx-failed-0004\n")
        await wait_until(pilot, lambda: isinstance(app.screen, SeveralTokensDialog))
        assert field.value == ""  # nothing guessed
        assert app.focused is app.screen.query_one("#several-keep", Button)
        await pilot.click("#several-open")
        await wait_until(pilot, lambda: not isinstance(app.screen, SeveralTokensDialog))
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: len(worklist.items) == 3)
        assert [item.token for item in worklist.items][1] == "sbx-unpaid-0003"


async def test_escape_keeps_the_field_and_looks_nothing_up(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await paste(pilot, "-nowgg-aaaa -nowgg-bbbb")
        await wait_until(pilot, lambda: isinstance(app.screen, SeveralTokensDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, SeveralTokensDialog))
        assert app.screen.query_one(ResultArea).outcome is None
