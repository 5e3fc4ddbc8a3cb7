"""Themes (shipped, the user's own, a broken file skipped with a notice, the choice remembered
in the config file) and key bindings (remapped from [keybindings], unknown ids reported, the
help screen listing what really works)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from console.sandbox.server import SandboxServer
from console.tui.dialogs.environment_picker import EnvironmentPicker
from console.tui.dialogs.help_screen import HelpScreen
from console.tui.themes import SHIPPED_THEMES, load_themes, shipped_themes_dir
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    help_rows,
    wait_until,
)


def test_the_shipped_themes_load() -> None:
    loaded = load_themes([shipped_themes_dir()])
    assert loaded.notices == ()
    assert set(SHIPPED_THEMES) <= set(loaded.names)


async def test_theme_choice_is_remembered_in_the_config_file(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox)
    config = Path(environ["NOWGG_CONSOLE_CONFIG"])
    async with console_app(environ) as (app, pilot):
        assert app.theme == "nowgg-dark"
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "nowgg-light"
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "nowgg-light")
        # Written in a thread: done once it says so.
        await wait_until(pilot, lambda: any("remembered in" in toast for toast in app.toasts))
    document = tomllib.loads(config.read_text(encoding="utf-8"))
    assert document["ui"]["theme"] == "nowgg-light"
    assert "qa" in document["environments"]  # the rest of the file is kept
    async with console_app(environ) as (app, pilot):
        assert app.theme == "nowgg-light"


async def test_a_user_theme_loads_and_a_broken_one_is_a_notice(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "mine.toml").write_text('primary = "#123456"\ndark = false\n', encoding="utf-8")
    (themes / "broken.toml").write_text('primary = "not a colour"\n', encoding="utf-8")
    environ = console_environ(
        tmp_path, sandbox, config=environment_table("qa", sandbox.url) + '[ui]\ntheme = "mine"\n'
    )
    async with console_app(environ, theme_dirs=[shipped_themes_dir(), themes]) as (app, _pilot):
        assert app.theme == "mine"
        assert any("broken.toml skipped" in toast for toast in app.toasts)


async def test_bindings_are_remapped_from_the_config_and_unknown_ids_reported(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("qa", sandbox.url) + (
        '[keybindings]\nswitch_environment = "f6"\nno_such_action = "f7"\n'
    )
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        assert any("'no_such_action' is not a binding id" in toast for toast in app.toasts)
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentPicker))
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["switch_environment"][0] == "F6"
        assert rows["consume"][0] == "ctrl+o"
