"""The console against the hostile server (tests/hostile_server.py): its `qa` environment points
there, and what a test reads back is what the screen really draws — toasts, the palette's
entries, the whole screen as exported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.widgets._toast import Toast

from console.settings.key_variables import key_variable
from console.text_safety import is_unsafe
from console.tui.app import ConsoleApp
from tests.hostile_server import HostileServer
from tests.tui.console_harness import environment_table, write_config

KEY = "tui-3Jd8Qw2Lm5Xv9Rb4Tn7Kz1Hc"
"""The key of `qa`; the hostile server takes any key."""


def hostile_environ(tmp_path: Path, hostile: HostileServer) -> dict[str, str]:
    config = write_config(tmp_path, environment_table("qa", hostile.url, label="QA"))
    return {
        "NOWGG_CONSOLE_CONFIG": str(config),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
        key_variable("qa"): KEY,
    }


def drawn_toasts(app: ConsoleApp) -> list[str]:
    """The toasts on screen, as drawn (rendering them is where markup used to crash)."""
    return [toast.render().plain for toast in app.screen.query(Toast)]


def palette_entries(app: ConsoleApp) -> list[str]:
    """The command palette's entries as drawn, when it is open."""
    if not isinstance(app.screen, CommandPalette):
        return []
    options = app.screen.query_one(CommandList).options
    return [str(getattr(option.prompt, "plain", option.prompt)) for option in options]


def raw_on_screen(app: App[Any]) -> list[str]:
    """Unsafe characters in the whole screen as the terminal would be given it."""
    screenshot = app.export_screenshot()
    return sorted({repr(char) for char in screenshot if is_unsafe(char) and char not in "\n\r\t"})
