"""An open console's long-lived objects — its screen, the modules its first lookup loads — are
kept out of Python's full garbage collections (console/tui/long_lived.py): a full collection
walking them is a pause of ~100 ms that lands on whatever is being drawn, typically a lookup's
answer (bench/frame_gap.py measures the gaps; no timing here). What is on screen later is not
frozen, and a closed console gives everything back to the collector."""

from __future__ import annotations

import gc
import sqlite3
import sys
from pathlib import Path

from console.sandbox.server import SandboxServer
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.result_area import ResultArea
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until


def walked_by_full_collections(thing: object) -> bool:
    """Whether the collector's generations hold `thing` (the permanent one is not walked)."""
    return any(tracked is thing for tracked in gc.get_objects())


async def test_the_open_screen_and_what_the_first_lookup_loaded_stay_out_of_full_collections(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not walked_by_full_collections(screen)
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        # The HTTP stack loads with the first lookup; frozen once the answer is shown.
        h11 = sys.modules["h11"]
        await wait_until(pilot, lambda: not walked_by_full_collections(h11))
        first = screen.query_one(ResultArea).outcome
        assert first is not None
        await look_up(pilot, "sbx-sample-003-0011")
        second = screen.query_one(ResultArea).outcome
        assert second is not None and second is not first
        # Nothing new was loaded for the second: its answer stays with the collector, so
        # replacing it later frees it (cycles included).
        assert walked_by_full_collections(second)
    # Closed: a process that opens many consoles keeps nothing of the closed ones.
    assert gc.get_freeze_count() == 0
    assert walked_by_full_collections(screen)


async def test_a_lookup_made_while_another_process_holds_the_history_reaches_it_once(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        history = app.workspace.history
        assert history is not None
        await wait_until(pilot, lambda: history.count() == 1)
        holder = sqlite3.connect(history.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another console, writing
        try:
            await look_up(pilot, "sbx-paid-unconsumed-0001")  # the answer shows meanwhile
            writer = app.workspace.recorder
            assert writer is not None and writer.writer.waiting == 1
        finally:
            holder.execute("COMMIT")
            holder.close()
        await wait_until(pilot, lambda: history.count() == 2)
        assert app.workspace.recorder is not None
        await wait_until(pilot, lambda: app.workspace.recorder.writer.waiting == 0)  # type: ignore[union-attr]
        assert history.count() == 2
