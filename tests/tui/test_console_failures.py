"""Whatever goes wrong shows as a sentence on screen, never as a traceback that takes the
console down mid-incident: history entries that cannot be looked up again, a note on an entry
pruned meanwhile, a history that cannot be written or read, a config file that refuses the
theme, a keyring that refuses a key, and a bug in a worker."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from textual.pilot import Pilot
from textual.widgets import Input

from console.desk import Desk
from console.history import Action, HistoryEntry, Outcome
from console.sandbox.server import SandboxServer
from console.tui.app import ConsoleApp
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.dialogs.note_dialog import NoteDialog
from console.tui.widgets.history_pane import HistoryPane
from tests.tui.console_harness import (
    click_shown,
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)


async def _history_listing(app: ConsoleApp, pilot: Pilot[None], count: int) -> HistoryPane:
    await pilot.press("ctrl+g")
    pane = app.screen.query_one(HistoryPane)
    await wait_until(pilot, lambda: len(pane.entries) == count)
    return pane


async def test_an_entry_without_a_token_is_not_put_in_the_lookup_fields(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # A refusal written by an older version, which put such a consume on record with no token
    # and no store (refusals now keep the token as typed).
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        assert app.workspace.history is not None
        app.workspace.history.record(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC),
                operator="someone",
                environment="qa",
                host="127.0.0.1",
                action=Action.CONSUME,
                token="",
                store="",
                outcome=Outcome.REFUSED,
                reason="read_only: qa is read-only",
            )
        )
        pane = await _history_listing(app, pilot, 1)
        assert pane.entries[0].token == ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: "This entry has no token to look up." in app.toasts)
        assert app.screen.query_one("#token", Input).value == ""


async def test_an_entry_of_a_store_this_console_does_not_know_is_not_rerun(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # Written by a newer console, or by hand: the store is not one of this version's.
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        assert app.workspace.history is not None
        app.workspace.history.record(
            HistoryEntry(
                id=None,
                at=datetime.now(UTC),
                operator="someone",
                environment="qa",
                host="127.0.0.1",
                action=Action.VERIFY,
                token="sbx-paid-unconsumed-0001",
                store="steam",
                outcome=Outcome.OK,
                code=0,
            )
        )
        await _history_listing(app, pilot, 1)
        await pilot.press("r")
        await wait_until(pilot, lambda: any("unknown store 'steam'" in t for t in app.toasts))
        await pilot.press("enter")
        await pilot.pause()
        assert sum("unknown store 'steam'" in toast for toast in app.toasts) == 2
        assert app.screen.query_one("#token", Input).value == ""


async def test_a_note_on_an_entry_pruned_meanwhile_is_not_saved_and_says_so(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        pane = await _history_listing(app, pilot, 1)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog))
        assert app.workspace.history is not None
        # `nowgg-console history prune` in another terminal, while the dialog is open.
        with sqlite3.connect(app.workspace.history.path) as other_console:
            other_console.execute("DELETE FROM history")
        await pilot.press(*"ZD-4242", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteDialog))
        await wait_until(pilot, lambda: pane.entries == ())
        assert "The note was not saved: entry #1 is no longer in the history." in app.toasts


async def test_a_history_that_cannot_be_written_or_read_is_said_not_fatal(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        assert app.workspace.history is not None
        app.workspace.history.close()  # as a disk that went away would leave it
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        assert "PAID" in shown(app, "#headline")  # the lookup itself went through
        await wait_until(pilot, lambda: any("not written to the history" in t for t in app.toasts))
        await pilot.press("ctrl+g")
        await wait_until(
            pilot, lambda: "The history cannot be read" in shown(app, "#history-status")
        )
        await look_up(pilot, "sbx-paid-consumed-0002")
        await wait_until(
            pilot, lambda: sum("not written to the history" in t for t in app.toasts) == 2
        )


async def test_a_theme_is_applied_for_this_run_when_the_config_file_refuses_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox, config="this is = = not toml\n", keys={})
    async with console_app(environ, "sandbox") as (app, pilot):
        app.apply_theme("nowgg-light")
        await pilot.pause()
        assert app.theme == "nowgg-light"
        assert any(
            toast.startswith("Theme nowgg-light applies to this run only") for toast in app.toasts
        )
    assert Path(environ["NOWGG_CONSOLE_CONFIG"]).read_text() == "this is = = not toml\n"


async def test_a_keyring_that_refuses_the_key_is_explained_and_the_prompt_stays(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox, keys={})
    async with console_app(environ, keyring=fail.Keyring()) as (app, pilot):
        await pilot.press("f2")
        field = app.screen.query_one("#key-input", Input)
        field.insert_text_at_cursor("a-key-that-goes-nowhere-1234")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Not stored" in shown(app, "#key-problem"))
        assert visible(app, "#key-prompt")
        assert "a-key-that-goes-nowhere-1234" not in shown(app, "#key-problem")


async def test_a_bug_in_a_lookup_is_a_message_not_a_crash(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: Desk, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug below the screen")

    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        monkeypatch.setattr(Desk, "lookup", broken)
        field = app.screen.query_one("#token", Input)
        field.insert_text_at_cursor("sbx-paid-unconsumed-0001")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Internal error (RuntimeError" in shown(app, "#hint"))
        assert app.is_running
        assert "nothing was changed" in shown(app, "#hint")


async def test_a_bug_during_a_consume_says_its_outcome_is_unknown(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: Desk, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug below the screen")

    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        monkeypatch.setattr(Desk, "consume", broken)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: "outcome is unknown" in shown(app, "#hint"))
        assert "Do not consume again" in shown(app, "#hint")
        assert app.is_running
        assert not app.main.consuming  # over: switching and quitting are allowed again
