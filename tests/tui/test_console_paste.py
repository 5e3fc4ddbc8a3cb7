"""A paste into the token field, as a terminal delivers it (a bracketed paste, line breaks
included): read whole and cleaned, replacing the token looked up before; a paste of several
tokens leaves the field as it was and says which key opens them as a worklist."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from console.sandbox.server import SandboxServer
from console.tui.widgets.result_area import ResultArea
from console.tui.widgets.tab_ids import WORKLIST_TAB
from console.tui.widgets.worklist import Worklist
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    help_rows,
    shown,
    toasts,
    wait_until,
)


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


async def test_a_paste_of_several_tokens_leaves_the_field_and_ctrl_s_opens_them_as_a_worklist(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        await pilot.press(*"sbx-typed")
        await paste(pilot, "sbx-paid-unconsumed-0001\nsbx-unpaid-0003\nsbx-failed-0004\n")
        assert field.value == "sbx-typed"  # left as it was: nothing guessed, nothing joined
        assert shown(app, "#token-note") == (
            "3 tokens pasted — this field looks up one; ctrl+s opens them as a worklist"
        )
        assert app.screen.query_one(ResultArea).outcome is None  # nothing looked up
        await pilot.press("ctrl+s")
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: len(worklist.items) == 3)
        assert [item.token for item in worklist.items] == [
            "sbx-paid-unconsumed-0001",
            "sbx-unpaid-0003",
            "sbx-failed-0004",
        ]
        assert app.screen.query_one(TabbedContent).active == WORKLIST_TAB
        await pilot.press("ctrl+s")  # taken: a second press loads nothing twice
        await wait_until(
            pilot, lambda: any("No paste of several tokens" in toast for toast in toasts(app))
        )
        assert len(worklist.items) == 3


async def test_tokens_of_no_known_shape_side_by_side_are_several_a_wrapped_one_is_joined(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Tokens of a shape nobody documented: lines of one length, or side by side on a line,
    # cannot be a wrap. One token cut by a narrow terminal (its last line shorter) still is.
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        await paste(pilot, "Zq8fKp2LmN4xR7tY\nWb3cVd9eHj6kLm2P\n")
        assert field.value == ""
        assert shown(app, "#token-note").startswith("2 tokens pasted — this field looks up one")
        await paste(pilot, "Zq8fKp2LmN4xR7tY Wb3cVd9eHj6kLm2P Aa1bB2cC3dD4eE5f")
        assert shown(app, "#token-note").startswith("3 tokens pasted")
        await paste(pilot, "Zq8fKp2LmN4xR7tYWb3cVd9e\nHj6kLm2P\n")
        assert field.value == "Zq8fKp2LmN4xR7tYWb3cVd9eHj6kLm2P"
        assert "joined 2 lines that were wrapped" in shown(app, "#token-note")
        await pilot.press("ctrl+s")  # the three of the paste before: kept for the key, not lost
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: len(worklist.items) == 3)


async def test_ctrl_s_with_no_paste_of_several_waiting_says_so_and_opens_nothing(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any("No paste of several tokens" in toast for toast in toasts(app))
        )
        assert not app.screen.query(Worklist)


async def test_the_key_is_in_f1_and_remappable_and_the_line_names_the_key_in_force(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("qa", sandbox.url, label="QA")
    config += '\n[keybindings]\nopen_pasted_tokens = "f9"\n'
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        await paste(pilot, "sbx-unpaid-0003 sbx-failed-0004")
        assert shown(app, "#token-note").endswith("; F9 opens them as a worklist")
        await pilot.press("f9")
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: len(worklist.items) == 2)
        await pilot.press("f1")
        await wait_until(pilot, lambda: "open_pasted_tokens" in help_rows(app))
        assert help_rows(app)["open_pasted_tokens"][0] == "F9"
