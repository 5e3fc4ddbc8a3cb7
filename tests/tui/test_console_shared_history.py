"""The shared history's state under the banner: nothing for a local file; where the shared
history is while its server answers; in the warning colour, with the spool's count, while it
does not — read after each write, and asked again every few seconds until it is back. The store
is a real HistoryStore whose shared state the test sets, as a PostgreSQL store reports it."""

from __future__ import annotations

from pathlib import Path

from console.history import HistoryStore
from console.history.shared_state import SharedHistoryState
from console.sandbox.server import SandboxServer
from console.tui.screens.main_screen import MainScreen
from console.tui.widgets.shared_history_bar import SharedHistoryBar, shared_history_words
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    visible,
    wait_until,
)

TOKEN = "sbx-paid-unconsumed-0001"
UP = SharedHistoryState("postgresql://h/db", reachable=True, spooled=0)
DOWN = SharedHistoryState(
    "postgresql://h/db", reachable=False, spooled=3, problem="connection refused"
)


class SharedStore(HistoryStore):
    """A SQLite history that reports the shared state the test gives it."""

    state: SharedHistoryState | None = UP

    def shared_state(self) -> SharedHistoryState | None:
        return self.state

    def reconnect(self) -> SharedHistoryState | None:
        return self.state


def test_the_words_for_each_state() -> None:
    assert shared_history_words(None) is None
    assert shared_history_words(UP) == "history: shared postgresql://h/db"
    assert shared_history_words(DOWN) == (
        "history server unreachable — 3 entries spooled locally, sent when it is back "
        "(connection refused)"
    )
    one = SharedHistoryState("postgresql://h/db", reachable=False, spooled=1)
    assert shared_history_words(one) == (
        "history server unreachable — 1 entry spooled locally, sent when it is back"
    )
    sending = SharedHistoryState("postgresql://h/db", reachable=True, spooled=2)
    assert shared_history_words(sending) == (
        "history: shared postgresql://h/db · sending 2 entries spooled while it was away"
    )


async def test_a_local_history_says_nothing(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, TOKEN)
        await pilot.pause()
        assert not visible(app, "#shared-history")


async def test_the_line_follows_the_server_away_and_back(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    store = SharedStore(tmp_path / "shared.sqlite3")
    environ = console_environ(tmp_path, sandbox)
    async with console_app(environ, history_store=store) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        bar = screen.query_one(SharedHistoryBar)
        await wait_until(pilot, lambda: visible(app, "#shared-history"))
        assert shown(app, "#shared-history") == "history: shared postgresql://h/db"
        assert not bar.has_class("-unreachable")

        # The server goes away: the next write (a lookup's entry) brings the news.
        screen.shared_history_flow.retry_s = 0.05
        store.state = DOWN
        await look_up(pilot, TOKEN)
        await wait_until(pilot, lambda: bar.has_class("-unreachable"))
        assert "history server unreachable — 3 entries spooled locally" in shown(
            app, "#shared-history"
        )
        # Back: said without anyone doing anything (asked again while it was away).
        store.state = UP
        await wait_until(pilot, lambda: not bar.has_class("-unreachable"))
        assert shown(app, "#shared-history") == "history: shared postgresql://h/db"
    store.close()


async def test_at_80x24_the_unreachable_server_takes_one_row_and_leads_with_the_news(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    long_problem = SharedHistoryState(
        "postgresql://root@localhost/nowgg_history",
        reachable=False,
        spooled=1,
        problem=(
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            "Connection refused Is the server running on that host and accepting TCP/IP "
            "connections?"
        ),
    )
    store = SharedStore(tmp_path / "shared.sqlite3")
    store.state = long_problem
    environ = console_environ(tmp_path, sandbox)
    async with console_app(environ, history_store=store, size=(80, 24)) as (app, pilot):
        await wait_until(pilot, lambda: visible(app, "#shared-history"))
        bar = app.screen.query_one(SharedHistoryBar)
        assert bar.region.height == 1  # the purchase keeps its rows on a small terminal
        drawn = bar.render_line(0).text
        assert drawn.strip().startswith("⚠ history server unreachable — 1 entry spooled")
        assert "…" in drawn  # cut, and says so; the whole text is the tooltip
        assert "accepting TCP/IP connections" in str(bar.tooltip)
    store.close()
