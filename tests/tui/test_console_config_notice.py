"""A broken config file is said under the banner until dismissed — the file, the line and the
problem, literally (`[table]` shows as itself) — never in a toast that fades; the switcher says
the file was ignored and only the built-ins are listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from console.tui.dialogs.environment_picker import EnvironmentPicker
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import (
    console_app,
    console_environ,
    shown,
    toasts,
    visible,
    wait_until,
)

BROKEN = '[environments.qa\nbase_url = "https://qa.example.com/"\n'


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_notice_names_the_file_line_and_problem_literally_and_stays(
    tmp_path: Path, sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    environ = console_environ(tmp_path, sandbox, config=BROKEN, keys={})
    config = environ["NOWGG_CONSOLE_CONFIG"]
    async with console_app(environ, "sandbox", size=size) as (app, pilot):
        await wait_until(pilot, lambda: bool(app.screen.query("#config-notice")))
        notice = shown(app, "#config-notice-text")
        assert f"The config file was ignored: {config} (1 problem)" in notice
        assert "line 1, column 17" in notice
        assert "key = value lines and [table] headers" in notice  # not swallowed as markup
        assert "Only the built-in environments are in use" in notice
        assert "F8 dismisses this notice" in notice
        assert not any("was ignored" in toast for toast in toasts(app))
        # The token field stays on screen under it, at every size.
        field = app.screen.query_one("#token")
        assert 0 < field.region.y < size[1] and visible(app, "#token")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentPicker))
        said = shown(app, "#picker-config-ignored")
        assert f"The config file {config} was ignored" in said
        assert "only the built-in environments are listed" in said
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("f8")
        await wait_until(pilot, lambda: not app.screen.query("#config-notice"))


async def test_a_good_config_shows_no_notice_and_the_button_dismisses(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, _pilot):
        assert not app.screen.query("#config-notice")
    environ = console_environ(tmp_path, sandbox, config=BROKEN, keys={})
    async with console_app(environ, "sandbox") as (app, pilot):
        await wait_until(pilot, lambda: bool(app.screen.query("#config-notice")))
        await pilot.click("#config-notice-dismiss")
        await wait_until(pilot, lambda: not app.screen.query("#config-notice"))
