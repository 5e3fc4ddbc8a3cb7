"""Shared by the console's Pilot tests: a config whose user environments point at the loopback
sandbox, the whole app opened on one of them (in-memory keyring, history in a temp folder),
and what a user reads off the screen."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from console.desk.workspace import Workspace
from console.history import HistoryStore
from console.sandbox.server import SandboxServer
from console.settings.key_variables import key_variable
from console.settings.memory_keyring import MemoryKeyring
from console.tui.app import ConsoleApp
from console.tui.flows.host import FlowHost
from console.tui.screens.main_screen import MainScreen
from console.tui.session import ConsoleSession
from console.tui.start import StartRequest
from console.tui.themes import shipped_themes_dir
from console.tui.widgets.result_area import ResultArea

SIZE = (120, 40)


def write_config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


def environment_table(name: str, url: str, **fields: Any) -> str:
    lines = [f"[environments.{name}]", f'base_url = "{url}"']
    for key, value in fields.items():
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        lines.append(f"{key} = {shown}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def console_environ(
    tmp_path: Path,
    sandbox: SandboxServer,
    *,
    config: str | None = None,
    keys: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A config with `qa` on the sandbox (unless `config` says otherwise); `keys`: environment
    name → key variable value (default: the sandbox key for qa)."""
    text = config if config is not None else environment_table("qa", sandbox.url, label="QA")
    path = write_config(tmp_path, text)
    environ = {"NOWGG_CONSOLE_CONFIG": str(path), "NOWGG_CONSOLE_DATA": str(tmp_path / "data")}
    for name, value in (keys if keys is not None else {"qa": sandbox.api_key}).items():
        environ[key_variable(name)] = value
    return environ


class RecordingApp(ConsoleApp):
    """The console, keeping every toast it showed (they fade; a test reads them later)."""

    toasts: list[str]

    def notify(self, message: str, **options: Any) -> None:
        if not hasattr(self, "toasts"):
            self.toasts = []
        self.toasts.append(str(message))
        super().notify(message, **options)


@asynccontextmanager
async def console_app(
    environ: Mapping[str, str],
    environment: str = "qa",
    *,
    start: StartRequest | None = None,
    keyring: KeyringBackend | None = None,
    theme_dirs: list[Path] | None = None,
    notifications: bool = False,
    size: tuple[int, int] = SIZE,
    history_store: HistoryStore | None = None,
) -> AsyncIterator[tuple[RecordingApp, Pilot[None]]]:
    """`notifications`: draw the toasts (Pilot does not by default), for tests that read them
    as drawn. `history_store`: a history the test opened (and controls) instead of the one
    in the data folder."""
    workspace = Workspace.open(
        environ=environ, keyring_backend=keyring or MemoryKeyring(), history_store=history_store
    )
    chosen = workspace.settings.find(environment)
    assert chosen is not None, workspace.notices
    app = RecordingApp(
        workspace,
        chosen,
        start=start,
        theme_dirs=theme_dirs if theme_dirs is not None else [shipped_themes_dir()],
    )
    async with app.run_test(size=size, notifications=notifications) as pilot:
        await pilot.pause()
        # Right after the first frame the workspace opens and the key mark fills in.
        screen = app.screen
        await wait_until(pilot, lambda: isinstance(screen, MainScreen) and screen.settled)
        yield app, pilot


def plain(widget: Widget) -> str:
    """What a Static shows, as text."""
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, Content):
        return content.plain
    return str(content)


def shown(app: ConsoleApp, selector: str) -> str:
    return plain(app.screen.query_one(selector))


def visible(app: ConsoleApp, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return bool(widget.display) and all(
        ancestor.display for ancestor in widget.ancestors[:-1] if isinstance(ancestor, Widget)
    )


def table_text(table: DataTable[Any]) -> str:
    rows = []
    for index in range(table.row_count):
        cells = table.get_row_at(index)
        rows.append(
            "  ".join(cell.plain if hasattr(cell, "plain") else str(cell) for cell in cells)
        )
    return "\n".join(rows)


def help_rows(app: ConsoleApp) -> dict[str, tuple[str, str]]:
    """F1, once open: binding id → (its key as shown, what it does with any note)."""
    rows: dict[str, tuple[str, str]] = {}
    for table in app.screen.query(DataTable):
        if not (table.id or "").startswith("help-keys-"):
            continue
        for index in range(table.row_count):
            key, name, what = (str(cell) for cell in table.get_row_at(index))
            rows[name.split("\n")[-1].strip("()")] = (key, what)
    return rows


def toasts(app: ConsoleApp) -> list[str]:
    return list(getattr(app, "toasts", []))


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the screen never showed what was expected")
        await pilot.pause(0.05)


async def click_shown(pilot: Pilot[None], selector: str) -> None:
    """Click a widget of the screen in front once it is laid out: a dialog that has just
    become the screen may not have its buttons placed yet, and a click then lands beside."""
    app = pilot.app
    await wait_until(pilot, lambda: bool(app.screen.query(selector)))
    await wait_until(pilot, lambda: app.screen.query_one(selector).region.area > 0)
    await pilot.click(selector)


async def look_up(pilot: Pilot[None], token: str, *, typed: bool = False) -> None:
    """Paste a token into the token field (or type it, key by key) and press Enter, as a
    user does; returns when the answer is on screen."""
    app = pilot.app
    field = app.screen.query_one("#token", Input)
    field.focus()
    field.value = ""
    if typed:
        await pilot.press(*token)
    else:
        field.insert_text_at_cursor(token)  # what a paste does
    await pilot.press("enter")
    result = app.screen.query_one(ResultArea)
    await wait_until(pilot, lambda: result.outcome is not None)


def as_session(app: ConsoleApp) -> ConsoleSession:
    """The app as screens and the palette see it (mypy checks that it is one)."""
    return app


def as_host(screen: MainScreen) -> FlowHost:
    """The main screen as the flows see it (mypy checks that it is one)."""
    return screen
