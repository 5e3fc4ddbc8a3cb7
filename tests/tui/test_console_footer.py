"""The footer follows what the keys do as focus moves and answers arrive: it shows the keys the
screen has for the focused widget, dimmed when they do nothing yet; a change of keys repaints
the footer's line and never lays the screen out again (which cost a frame per focus change);
a click on a key runs it."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.events import MouseScrollDown, MouseScrollUp
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input

from console.sandbox.server import SandboxServer
from console.tui.app import ConsoleApp
from console.tui.widgets.steady_footer import SteadyFooter
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

Key = tuple[str, str, bool]
"""(key as shown, label, dimmed)"""


def footer_keys(app: ConsoleApp) -> list[Key]:
    """What the footer shows, left to right (the palette key last)."""
    footer = app.screen.query_one(SteadyFooter)
    return [(key.display, key.description, not key.enabled) for key in footer.shown]


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


def has_focus(app: ConsoleApp, widget: Widget) -> bool:
    return app.focused is widget


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

        table = app.screen.query_one("#fields", DataTable).focus()
        await wait_until(pilot, lambda: app.focused is table)
        in_table = await footer_settles(pilot, app)
        assert ("c", "Copy value", False) in in_table

        field = app.screen.query_one("#token", Input).focus()
        await wait_until(pilot, lambda: app.focused is field)
        back = await footer_settles(pilot, app)
        assert not any(label == "Copy value" for _, label, _ in back)
        assert back == answered


async def test_a_change_of_keys_lays_nothing_out(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Focus moving between the field table and the token field adds and removes the table's
    `c Copy value`: a repaint of the footer's line, never a layout of the whole screen (a
    frame or more each time). The table's first focus is left out: Textual styles its
    scrollbar then, which lays the screen out once whatever the footer does."""
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await footer_settles(pilot, app)
        screen = app.screen
        table = screen.query_one("#fields", DataTable)
        field = screen.query_one("#token", Input)
        table.focus()
        await wait_until(pilot, lambda: app.focused is table)
        await footer_settles(pilot, app)
        await pilot.pause()

        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append, immediate=True)
        for widget in (field, table, field, table):
            widget.focus()
            await wait_until(pilot, partial(has_focus, app, widget))
            keys = await footer_settles(pilot, app)
            await pilot.pause()
            assert (("c", "Copy value", False) in keys) is (widget is table)
        assert layouts == [], "a focus change laid the whole screen out"


async def test_a_click_on_a_footer_key_runs_it(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await footer_settles(pilot, app)
        footer = app.screen.query_one(SteadyFooter)
        await wait_until(pilot, lambda: footer.cells_of("Raw JSON") is not None)
        raw = footer.cells_of("Raw JSON")
        assert raw is not None
        assert not app.screen.query_one("#raw").display

        await pilot.hover(footer, offset=(raw[0] + 1, 0))
        await wait_until(pilot, lambda: footer.hovered == "Raw JSON")
        assert footer.styles.pointer == "pointer"

        await pilot.click(footer, offset=(raw[0] + 1, 0))
        await wait_until(pilot, lambda: app.screen.query_one("#raw").display)


async def test_keys_that_do_not_fit_are_cut_and_the_wheel_brings_them(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """At 80 columns the last keys are cut at the palette key, as Textual's footer cuts them;
    the wheel over the footer scrolls them in and back."""
    async with console_app(console_environ(tmp_path, sandbox), size=(80, 24)) as (app, pilot):
        await footer_settles(pilot, app)
        footer = app.screen.query_one(SteadyFooter)
        last = footer.shown[-2].description  # the last key before the palette's
        await wait_until(pilot, lambda: footer.cells_of("Environment") is not None)
        assert footer.cells_of(last) is None, f"{last} fits at 80 columns"

        for _ in range(40):
            footer.post_message(MouseScrollDown(footer, 1, 0, 0, 1, 0, False, False, False))
        await wait_until(pilot, lambda: footer.cells_of(last) is not None)
        assert footer.cells_of("Environment") is None

        for _ in range(40):
            footer.post_message(MouseScrollUp(footer, 1, 0, 0, -1, 0, False, False, False))
        await wait_until(pilot, lambda: footer.cells_of("Environment") == (0, 16))
