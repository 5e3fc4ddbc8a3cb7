"""Exporting marked entries as Markdown for a ticket: clipboard and a file, never a key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
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


async def test_marked_entries_are_copied_and_saved_as_markdown_without_the_key(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"), note="ZD-4242")
            await desk.lookup(PurchaseQuery("sbx-unpaid-0003"))
            await desk.lookup(PurchaseQuery("sbx-failed-0004"))
            await reread(pane)
            table = app.query_one("#history-table", DataTable)
            table.focus()
            # Mark the newest and the oldest; leave the middle one out.
            await pilot.press("space", "down", "down", "space")
            await pilot.pause()
            assert [row[0] for row in table_rows(table)] == ["✓", "", "✓"]
            await pilot.press("x")
            # Read and written in a thread: done once it says so.
            await wait_until(pilot, lambda: any(t.startswith("Copied") for t in app.toasts))

            exports = sorted((tmp_path / "data" / "exports").glob("history-*.md"))
            assert len(exports) == 1
            saved = exports[0]
            assert saved.name.endswith("Z.md")
            text = saved.read_text(encoding="utf-8")
            assert app.clipboard == text
            assert text.startswith("## now.gg Payments console — history")
            assert "2 entries" in text
            # Newest first, as the history lists it (and the CLI exports it).
            assert text.index("sbx-failed-0004") < text.index("sbx-paid-unconsumed-0001")
            assert "sbx-unpaid-0003" not in text
            assert "ZD-4242" in text
            assert sandbox.api_key not in text
            assert saved.stat().st_mode & 0o077 == 0
            assert app.toasts[-1] == (
                f"Copied 2 entries as Markdown to the clipboard and saved {saved}"
            )


async def test_with_nothing_marked_the_current_entry_is_exported(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            await qa_desk(workspace)().lookup(PurchaseQuery("sbx-test-order-0005"))
            await reread(pane)
            app.query_one("#history-table", DataTable).focus()
            await pilot.press("x", "x")  # twice in one second: two files, none overwritten
            await wait_until(pilot, lambda: sum(t.startswith("Copied") for t in app.toasts) == 2)
            exports = sorted((tmp_path / "data" / "exports").glob("history-*.md"))
            assert len(exports) == 2
            for saved in exports:
                assert "1 entry" in saved.read_text(encoding="utf-8")
                assert "sbx-test-order-0005" in saved.read_text(encoding="utf-8")


async def test_y_copies_the_reply_for_the_ticket_in_words(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sandbox) as workspace:
        pane = HistoryPane(workspace)
        app = Host(pane)
        async with app.run_test(size=SIZE) as pilot:
            await opened(pilot, pane)
            desk = qa_desk(workspace)()
            await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"))
            await reread(pane)
            app.query_one("#history-table", DataTable).focus()
            await pilot.press("y")
            await wait_until(pilot, lambda: any("reply for the ticket" in t for t in app.toasts))
            text = app.clipboard
            assert text.startswith("Purchase sbx-paid-unconsumed-0001")
            assert "Found: Paid 0.99 USD on 2024-10-30 06:08 UTC, not consumed." in text
            assert "Tell the player:" in text and "Refund request to now.gg" in text
            assert "{" not in text and sandbox.api_key not in text
