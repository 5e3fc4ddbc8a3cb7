"""The screen never waits for SQLite or the keyring: while another process holds the history
locked, or the OS keyring takes its time to answer, the console keeps taking keys — the write
or the look-up is under way in a thread, and its answer shows when it comes. No timing here:
each test holds the slow party until it has seen the screen respond (bench/frame_gap.py
measures the gaps)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from textual.widgets import TabbedContent

from console.desk.workspace import Workspace
from console.sandbox.server import SandboxServer
from console.settings.memory_keyring import MemoryKeyring
from console.tui.app import ConsoleApp
from console.tui.dialogs.note_dialog import NoteDialog
from console.tui.screens.main_screen import MainScreen
from console.tui.themes import shipped_themes_dir
from console.tui.widgets.history_pane import HistoryPane
from tests.tui.console_harness import (
    SIZE,
    console_app,
    console_environ,
    look_up,
    shown,
    toasts,
    wait_until,
)


async def test_a_history_write_waits_in_a_thread_while_another_process_holds_the_file(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.press("ctrl+g")
        pane = app.screen.query_one(HistoryPane)
        await wait_until(pilot, lambda: len(pane.entries) == 1)
        history = app.workspace.history
        assert history is not None
        holder = sqlite3.connect(history.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another console, writing
        try:
            await pilot.press("t")
            await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog))
            await pilot.press(*"ZD-7", "enter")  # the note's write waits for the lock…
            await pilot.press("ctrl+b")  # …and the screen takes the next key meanwhile
            assert app.screen.query_one(TabbedContent).active == "purchase-tab"
            writing = [w for w in pane.workers if w.node is pane and w.is_running]
            assert writing, "the write did not wait in a thread"
            assert not any("Note saved" in toast for toast in toasts(app))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await wait_until(pilot, lambda: "Note saved on entry #1." in toasts(app))
        assert history.get(1) is not None and history.get(1).note == "ZD-7"  # type: ignore[union-attr]


class SlowKeyring(MemoryKeyring):
    """A keyring that answers only once allowed to (an unlock prompt, a slow D-Bus)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.answer.wait(timeout=30)
        return super().get_password(service, username)


async def test_whether_a_key_exists_is_asked_in_a_thread(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    keyring = SlowKeyring()
    environ = console_environ(tmp_path, sandbox, keys={})  # no variable: the keyring is asked
    workspace = Workspace.open(environ=environ, keyring_backend=keyring)
    qa = workspace.settings.find("qa")
    assert qa is not None
    app = ConsoleApp(workspace, qa, theme_dirs=[shipped_themes_dir()])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MainScreen)
            # The keyring has not answered: the banner says nothing about a key yet…
            assert "no API key" not in shown(app, "#banner")
            await pilot.press("ctrl+t")  # …and the screen takes keys meanwhile.
            await wait_until(
                pilot, lambda: screen.query_one(TabbedContent).active == "worklist-tab"
            )
            assert not screen.settled
            keyring.answer.set()
            await wait_until(pilot, lambda: screen.settled)
            assert "[no API key]" in shown(app, "#banner")
    finally:
        keyring.answer.set()
