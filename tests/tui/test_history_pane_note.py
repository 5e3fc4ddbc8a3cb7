"""Ticket notes: added from the pane, kept in the history file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from console.history import HistoryStore
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.tui.dialogs.note_dialog import NoteDialog
from console.tui.widgets.history_pane import HistoryPane
from tests.tui.lists_harness import (
    SIZE,
    Host,
    opened,
    qa_desk,
    qa_workspace,
    reread,
    table_rows,
    wait_until,
)


async def test_a_note_typed_in_the_dialog_persists_in_the_history(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        assert workspace.history is not None
        path = workspace.history.path
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            await qa_desk(workspace)().lookup(PurchaseQuery("sbx-paid-unconsumed-0001"))
            await reread(pane)
            table = app.query_one("#history-table", DataTable)
            table.focus()
            await pilot.press("t")
            assert isinstance(app.screen, NoteDialog)
            assert app.focused is app.screen.query_one("#note-input", Input)
            await pilot.press(*"ZD-4242 user got no gems", "enter")
            # Written in a thread, then the list is read again (in a thread too).
            await wait_until(pilot, lambda: "Note saved on entry #1." in app.toasts)
            await wait_until(pilot, lambda: table_rows(table)[0][8] == "ZD-4242 user got no gems")
            assert not isinstance(app.screen, NoteDialog)
            entry_id = pane.entries[0].id

            # Escape leaves the note as it was.
            await pilot.press("t", "backspace", "escape")
            assert table_rows(table)[0][8] == "ZD-4242 user got no gems"

    with HistoryStore(path) as reopened:
        assert entry_id is not None
        stored = reopened.get(entry_id)
        assert stored is not None and stored.note == "ZD-4242 user got no gems"


async def test_an_emptied_note_is_removed(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        assert workspace.history is not None
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            await qa_desk(workspace)().lookup(PurchaseQuery("sbx-unpaid-0003"), note="ZD-1")
            await reread(pane)
            app.query_one("#history-table", DataTable).focus()
            await pilot.press("t")
            app.screen.query_one("#note-input", Input).value = ""
            await pilot.click("#note-save")
            await wait_until(pilot, lambda: "Note removed on entry #1." in app.toasts)
            (entry,) = workspace.history.search()
            assert entry.note is None
