"""The footer follows what the keys do as focus moves and answers arrive: it shows the keys the
screen has for the focused widget, dimmed when they do nothing yet, whether it rebuilt its keys
or changed the ones it had in place (the cheap way, which keeps frames flowing)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey

from console.sandbox.server import SandboxServer
from console.tui.app import ConsoleApp
from console.tui.widgets.steady_footer import SteadyFooter
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

Key = tuple[str, str, bool]
"""(key as shown, label, dimmed)"""


def footer_keys(app: ConsoleApp) -> list[Key]:
    """What the footer shows, left to right (the palette key last)."""
    footer = app.screen.query_one(SteadyFooter)
    return [
        (key.key_display, key.description, key.has_class("-disabled"))
        for key in footer.query_children(FooterKey)
        if key.is_attached
    ]


def expected_keys(app: ConsoleApp) -> list[Key]:
    """What Textual's footer would show for the screen's bindings as they are now."""
    screen = app.screen
    keys: dict[str, Key] = {}
    for _, binding, enabled, _ in screen.active_bindings.values():
        if binding.show and binding.action not in keys:
            keys[binding.action] = (app.get_key_display(binding), binding.description, not enabled)
    palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    shown = list(keys.values())
    if palette is not None:
        _, binding, enabled, _ = palette
        shown.append((app.get_key_display(binding), binding.description, not enabled))
    return shown


async def footer_settles(pilot: Pilot[None], app: ConsoleApp) -> list[Key]:
    await wait_until(pilot, lambda: footer_keys(app) == expected_keys(app))
    return footer_keys(app)


async def test_footer_follows_focus_and_answers(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        before = await footer_settles(pilot, app)
        raw = [key for key in before if key[1] == "Raw JSON"]
        assert raw and raw[0][2], "Raw JSON is dimmed before anything was looked up"
        assert not any(label == "Copy value" for _, label, _ in before)

        await look_up(pilot, "sbx-paid-unconsumed-0001")
        answered = await footer_settles(pilot, app)
        assert ("^r", "Raw JSON", False) in answered

        # Moving the focus changes a key or two: the others stay the widgets they were
        # (rebuilding them all costs a frame or more).
        first_key = app.screen.query_one(SteadyFooter).query_children(FooterKey).first()
        table = app.screen.query_one("#fields", DataTable).focus()
        await wait_until(pilot, lambda: app.focused is table)
        in_table = await footer_settles(pilot, app)
        assert ("c", "Copy value", False) in in_table
        assert first_key.is_attached

        field = app.screen.query_one("#token", Input).focus()
        await wait_until(pilot, lambda: app.focused is field)
        back = await footer_settles(pilot, app)
        assert not any(label == "Copy value" for _, label, _ in back)
        assert back == answered
