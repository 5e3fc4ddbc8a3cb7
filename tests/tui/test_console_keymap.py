"""One keymap for every scope, in the console: a remapped key of a pane, of the main screen and
of a dialog works where it should (whichever widget has focus, unless a text field types it),
F1 and the command palette show the key in force, and a key that cannot work is refused with
the config file's line while the default stays."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, TabbedContent, TextArea

from console.sandbox.server import SandboxServer
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.dialogs.environment_picker import EnvironmentPicker
from console.tui.dialogs.help_screen import HelpScreen
from console.tui.start import StartRequest
from console.tui.widgets.worklist import Worklist
from console.tui.widgets.worklist_table import WorklistTable
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    help_rows,
    look_up,
    toasts,
    wait_until,
)
from tests.tui.hostile_harness import drawn_toasts, palette_entries

TWO_TOKENS = "sbx-paid-unconsumed-0001\nsbx-unpaid-0003"


def _environ(tmp_path: Path, sandbox: SandboxServer, keybindings: str) -> dict[str, str]:
    config = environment_table("qa", sandbox.url) + "[keybindings]\n" + keybindings
    return console_environ(tmp_path, sandbox, config=config)


def _active_tab(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(TabbedContent).active)


async def test_a_remapped_worklist_key_steps_the_list_and_a_text_field_still_types_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = _environ(tmp_path, sandbox, 'worklist.next = "j"\n')
    start = StartRequest(worklist_text=TWO_TOKENS)
    async with console_app(environ, start=start) as (app, pilot):
        assert not any("keybindings" in toast for toast in toasts(app))
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        table = app.screen.query_one("#worklist-table", WorklistTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("n")  # the old key is free again
        assert table.cursor_row == 1
        paste = app.screen.query_one("#worklist-input", TextArea)
        paste.focus()
        await pilot.press("end", "j")
        assert paste.text.splitlines()[0].endswith("j")
        assert table.cursor_row == 1
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        key, what = help_rows(app)["worklist.next"]
        assert key == "j"
        assert "in a text field this key types" in what


async def test_a_remapped_screen_key_works_whichever_widget_has_focus(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    # ctrl+a is the token field's own "go to start"; a console key given it wins there.
    environ = _environ(tmp_path, sandbox, 'history = "f9"\nlookup = "ctrl+a"\n')
    async with console_app(environ) as (app, pilot):
        token = app.screen.query_one("#token", Input)
        assert app.focused is token
        await pilot.press("f9")
        assert _active_tab(app) == "history-tab"
        await pilot.press("ctrl+t")
        assert isinstance(app.focused, TextArea)
        await pilot.press("f9")
        assert _active_tab(app) == "history-tab"
        await pilot.press("ctrl+b")
        token.focus()
        token.insert_text_at_cursor("sbx-paid-unconsumed-0001")
        await pilot.press("ctrl+a")  # in the field, with a token: look it up
        result = app.screen.query_one("#result")
        await wait_until(pilot, lambda: getattr(result, "outcome", None) is not None)
        await pilot.press("ctrl+g")  # the old key is free again
        assert _active_tab(app) == "purchase-tab"


async def test_a_typing_key_for_a_screen_binding_types_in_the_token_field(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(_environ(tmp_path, sandbox, 'history = "h"\n')) as (app, pilot):
        token = app.screen.query_one("#token", Input)
        await pilot.press("h")
        assert token.value == "h" and _active_tab(app) == "purchase-tab"
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        app.screen.query_one("#fields", DataTable).focus()
        await pilot.press("h")
        assert _active_tab(app) == "history-tab"


async def test_a_key_that_cannot_work_is_refused_with_its_line_and_the_default_stays(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = _environ(tmp_path, sandbox, 'history = "not a key!!"\ncopy_curl = "[b]f9[/b]"\n')
    config = environ["NOWGG_CONSOLE_CONFIG"]
    async with console_app(environ, notifications=True) as (app, pilot):
        drawn = "\n".join(drawn_toasts(app))
        assert f'{config}, line 4: [keybindings] history = "not a key!!"' in drawn
        assert "it keeps ctrl+g" in drawn
        # Shown as written, never read as markup.
        assert '[keybindings] copy_curl = "[b]f9[/b]"' in drawn.replace("\n", "")
        keys = app.screen.active_bindings
        assert keys["ctrl+g"].binding.id == "history"
        assert all("not a key" not in key for key in keys)
        await pilot.press("ctrl+g")
        assert _active_tab(app) == "history-tab"
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["history"][0] == "ctrl+g" and rows["copy_curl"][0] == "F3"


async def test_the_palette_lists_a_pane_binding_with_its_key_and_runs_it(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = _environ(tmp_path, sandbox, 'worklist.next = "j"\n')
    start = StartRequest(worklist_text=TWO_TOKENS)
    async with console_app(environ, start=start) as (app, pilot):
        worklist = app.screen.query_one(Worklist)
        await wait_until(pilot, lambda: all(worklist.outcomes))
        table = app.screen.query_one("#worklist-table", WorklistTable)
        table.move_cursor(row=0)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "Worklist: Next row"
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        entries = palette_entries(app)
        assert any("Worklist: Next row" in entry and "[j]" in entry for entry in entries)
        await pilot.press("enter")
        await wait_until(pilot, lambda: table.cursor_row == 1)


async def test_dialog_keys_are_remapped_too(tmp_path: Path, sandbox: SandboxServer) -> None:
    environ = _environ(tmp_path, sandbox, '"picker.choose_2" = "q"\n"confirm.cancel" = "ctrl+x"\n')
    async with console_app(environ) as (app, pilot):
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentPicker))
        await pilot.press("q")  # the second environment: production
        await wait_until(pilot, lambda: app.environment.name == "production")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentPicker))
        await pilot.press("escape")
        await pilot.press("ctrl+e", "4")  # qa, after the three built-ins
        await wait_until(pilot, lambda: app.environment.name == "qa")
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await pilot.press("escape")  # no longer the dialog's key
        await pilot.pause(0.1)
        assert isinstance(app.screen, ConfirmConsume)
        await pilot.press("ctrl+x")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmConsume))
        assert any("nothing was consumed" in toast for toast in app.toasts)
