"""The console's Textual app: it holds the session (the settings at once, the workspace once
opened after the first frame), the current environment, the themes and the keymap, and shows
the main screen. What happens on screen is the main screen's and its widgets'; what an
operation does is the desk's (DESIGN.md).

Nothing the first frame does not need is imported here: the desk, the history, the keyring
and httpx come with the workspace (opening.py), the tabs not shown with their first showing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.command import Provider
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from console.settings.config import LoadedSettings
from console.settings.config_file import read_config_file
from console.settings.environments import Environment
from console.settings.paths import data_dir, themes_dir
from console.tui.crash_report import CrashReport, report_crash
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.keymap import Keymap, keymap_from_config
from console.tui.keys.scopes import EVERYWHERE, Scope
from console.tui.opening import WorkspaceOpening
from console.tui.outside_text import SafeText
from console.tui.screens.main_screen import MainScreen
from console.tui.start import StartRequest
from console.tui.themes import DEFAULT_THEME, SHIPPED_THEMES, load_themes, shipped_themes_dir

if TYPE_CHECKING:
    from console.desk import Desk, LookupOutcome
    from console.desk.workspace import Workspace

QUIT_AGAIN_WITHIN_S = 5.0
"""A second quit within this many seconds leaves a consume in flight behind."""


def console_commands() -> type[Provider]:
    """The command palette's entries (commands.py), loaded with its first opening."""
    from console.tui.commands import ConsoleCommands

    return ConsoleCommands


class ConsoleApp(App[None], inherit_bindings=False):
    TITLE = "nowgg-console"
    # A loader, not the class: Textual calls it when the palette opens.
    COMMANDS: ClassVar[set[Callable[[], type[Provider]]]] = {console_commands}  # type: ignore[assignment]
    # The screen keeps scrolling smooth but never animates what an operator must read.
    ENABLE_COMMAND_PALETTE = True
    # Textual's own app keys (ctrl+q, ctrl+c) are in the table, with ids, like every other.
    BINDINGS = scope_bindings(EVERYWHERE)  # type: ignore[assignment]

    def __init__(
        self,
        workspace: Workspace | WorkspaceOpening,
        environment: Environment,
        *,
        start: StartRequest | None = None,
        theme_dirs: Sequence[Path] | None = None,
        data_directory: Path | None = None,
    ) -> None:
        """`workspace`: open already, or opened after the first frame (`WorkspaceOpening`,
        what `nowgg-console` does). `data_directory`: where crash logs go (default: beside
        the history, else the platform's data directory)."""
        super().__init__()
        self.opening = (
            workspace if isinstance(workspace, WorkspaceOpening) else WorkspaceOpening.of(workspace)
        )
        self.environment = environment
        history = self.opening.workspace.history_path if self.opening.workspace else None
        self.data_directory = data_directory or (history.parent if history else data_dir())
        self.crash: CrashReport | None = None
        """What the crash handler wrote, once the console has failed."""
        self._start = start or StartRequest()
        self._quit_asked_at: float | None = None
        self._workspace_notices_shown = False
        settings = self.opening.settings
        self.keymap: Keymap = keymap_from_config(
            settings.preserved.get("keybindings"),
            path=settings.path,
            text=lambda: read_config_file(settings.path).text,
        )
        use_keymap(self, EVERYWHERE)
        # The footer finds the palette's key by this name (a class setting Textual reads from
        # the instance): the key in force, remapped or not.
        setattr(self, "COMMAND_PALETTE_BINDING", self.keymap.keys_of("command_palette")[0])  # noqa: B010
        directories = (
            list(theme_dirs) if theme_dirs is not None else [shipped_themes_dir(), themes_dir()]
        )
        themes = load_themes(directories)
        for theme in themes.themes:
            self.register_theme(theme)
        self._notices = [*themes.notices, *self.keymap.notices]
        self._start_theme(self._initial_theme(themes.names))

    def _start_theme(self, name: str) -> None:
        """The theme the console opens in, set before it runs. Setting `theme` would queue
        Textual's refresh of the whole stylesheet (every rule parsed again, every style
        applied again) for the first instants of the start; nothing is parsed or styled yet,
        so what the theme changes is set as it is: the stylesheet's variables, the app's
        theme classes, the ANSI colours' mapping (as `App._watch_theme` does)."""
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        classes = {name: False for name in self.classes if name.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def _initial_theme(self, loaded: tuple[str, ...]) -> str:
        wanted = workspace_theme = self.settings.preserved.get("ui", {}).get("theme")
        if isinstance(wanted, str) and wanted in self.available_themes:
            return wanted
        if workspace_theme is not None:
            self._notices.append(
                f"the theme {workspace_theme!r} of the config file is not installed; using "
                f"{DEFAULT_THEME}. Installed: {', '.join(sorted(self.available_themes))}"
            )
        return DEFAULT_THEME if DEFAULT_THEME in loaded else "textual-dark"

    # --- the session -----------------------------------------------------------------------

    @property
    def settings(self) -> LoadedSettings:
        """The environments and the config file: known from the start."""
        workspace = self.opening.workspace
        return workspace.settings if workspace is not None else self.opening.settings

    @property
    def is_open(self) -> bool:
        return self.opening.workspace is not None

    @property
    def workspace(self) -> Workspace:
        """The workspace, once open: after a lookup, or after `opened()`."""
        workspace = self.opening.workspace
        if workspace is None:
            raise RuntimeError("the workspace is not open yet: await opened() first")
        return workspace

    async def opened(self) -> Workspace:
        """The workspace, opening it (in a thread) if need be. The first time, what opening
        it found (a config file ignored, a history moved aside) is said once."""
        workspace = await self.opening.wait()
        if not self._workspace_notices_shown:
            self._workspace_notices_shown = True
            # Opened now, in a thread, rather than by the first lookup: a history that cannot
            # be written (every consume refused) must be said at start, not after a consume.
            await workspace.open_history()
            # A config file ignored is said by the screen's notice until dismissed, not in
            # a toast that fades while it is read (widgets/config_notice.py).
            ignored = workspace.settings.ignored_message()
            for notice in workspace.notices:  # the config file's and the history's
                if notice != ignored:
                    self.notify(notice, title="nowgg-console", severity="warning", timeout=12)
        return workspace

    async def has_key(self, environment: Environment) -> bool:
        """Whether `environment` has an API key. In a thread: the OS keyring is a D-Bus call
        that may wait for an unlock prompt."""
        if environment.embedded_sandbox:
            return True
        workspace = await self.opened()
        return await asyncio.to_thread(workspace.has_key, environment)

    @property
    def desk(self) -> Desk:
        """The desk of the current environment: every operation goes through it."""
        return self.workspace.desk(self.environment)

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    def known_keys(self) -> list[str]:
        """Every API key this session knows: masked wherever the screen would show one.
        None before the workspace opens: no reply or key has been seen yet."""
        workspace = self.opening.workspace
        return workspace.secrets() if workspace is not None else []

    def get_default_screen(self) -> Screen[Any]:
        """The main screen is the first on the stack, made as the app is composed: no empty
        screen is laid out and swapped first, and the first frame is drawn as soon as the
        app's start-up batch ends, as a minimal app's is."""
        main = MainScreen(self._start)
        self.install_screen(main, "main")
        return main

    def on_mount(self) -> None:
        # Shown once, at start: a theme file or a key binding that was skipped (what the
        # workspace finds is said when it opens).
        for notice in self._notices:
            self.notify(notice, title="nowgg-console", severity="warning", timeout=12)

    async def on_unmount(self) -> None:
        if self.opening.started:
            await self.opening.wait()  # opening in a thread: let it end, then close it
        if self.opening.workspace is not None:
            await self.opening.workspace.aclose()

    def run_binding(self, screen: Screen[Any], scope: Scope, action: str, title: str) -> None:
        """Run a binding's action as its key would (from the command palette opened over
        `screen`): on the app, the screen, or the pane of the scope (built if need be)."""
        self.call_later(self._run_binding, screen, scope, action, title)

    async def _run_binding(
        self, screen: Screen[Any], scope: Scope, action: str, title: str
    ) -> None:
        if scope is EVERYWHERE:
            node: DOMNode | None = self
        elif isinstance(screen, MainScreen):
            node = await screen.scope_node(scope)
        else:
            node = screen
        if node is None or not await self.run_action(action, node):
            self.notify(f"{title}: nothing to do here now.", timeout=4)

    def switch_environment(
        self, environment: Environment, show: LookupOutcome | None = None
    ) -> None:
        """Switch, unless a consume is in flight: its outcome must be shown under the
        banner it was sent from. `show`: a lookup already made there, to show at once."""
        if self.main.consuming:
            self.notify(
                "A consume is in flight: the environment changes once its outcome is shown.",
                severity="warning",
            )
            return
        self.environment = environment
        self.main.environment_changed(show)

    # --- themes ----------------------------------------------------------------------------

    def action_choose_theme(self) -> None:
        ours = [name for name in SHIPPED_THEMES if name in self.available_themes]
        others = sorted(name for name in self.available_themes if name not in ours)
        safe = SafeText()
        entries = [
            (safe(name), partial(self.apply_theme, name), "current" if name == self.theme else None)
            for name in (*ours, *others)
        ]
        from console.tui.palette import plain_palette

        self.push_screen(
            plain_palette(self.screen, entries, "Theme (remembered in the config file)…")
        )

    def apply_theme(self, name: str) -> None:
        self.theme = name
        remember = partial(self._remember_theme, name)
        _: Worker[None] = self.run_worker(remember, group="config", exit_on_error=False)

    async def _remember_theme(self, name: str) -> None:
        """Written in a thread: the config file is rewritten atomically, with a backup."""
        # The settings module that writes is loaded with its first use.
        from console.settings.config_edit import set_ui_value
        from console.settings.config_problems import ConfigError

        try:
            await asyncio.to_thread(set_ui_value, self.settings.path, "theme", name)
        except ConfigError as error:
            self.notify(
                f"Theme {name} applies to this run only: {error}", severity="warning", timeout=10
            )
            return
        self.notify(f"Theme {name}, remembered in {self.settings.path}")

    # --- what reaches the screen -----------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text, whoever asks for it (widgets pass `markup=True` by
        default, so the argument is ignored): messages quote replies, tokens and notes, and
        `[/v2/order/consumePurchase] not found` must show as itself, not crash the screen.
        Keys are masked and control characters shown as escapes, as everywhere on screen."""
        safe = SafeText.knowing(self.known_keys())
        super().notify(
            safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False
        )

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing handled; it always ends the app. Instead of
        Textual's traceback (with every frame's locals) the person gets a few sentences once
        the screen has closed, and the details go to a log file (crash_report.py)."""
        if self.crash is not None:
            # Another failure while closing: the first one's message and log stand.
            super()._handle_exception(ConsoleCrashed(self.crash))
            return
        consuming = self.is_screen_installed("main") and self.main.consuming
        self.crash = report_crash(
            error,
            self.data_directory,
            keys=self.known_keys(),
            context=[f"environment: {self.environment.name}", f"consuming: {consuming}"],
            consume_in_flight=consuming,
        )
        crashed = ConsoleCrashed(self.crash)
        crashed.__cause__ = error
        # Textual sets the exit code, ends the app, and re-raises this one under Pilot (so a
        # test still fails on a bug); `panic` shows its `__rich__`: the message, nothing more.
        super()._handle_exception(crashed)

    # --- help and quitting -----------------------------------------------------------------

    def action_help(self) -> None:
        from console.tui.dialogs.help_screen import HelpScreen  # loaded with the first F1

        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit — but a consume in flight first gets a warning: quitting leaves its outcome
        unknown. Asked again within `QUIT_AGAIN_WITHIN_S`, it quits anyway: the entry is on
        record and `history resolve` settles it later (a hung request must not hold the
        operator hostage)."""
        if not (self.is_screen_installed("main") and self.main.consuming):
            self.exit()
            return
        entries = self.workspace.consumes_in_flight
        listed = ", ".join(str(entry) for entry in entries) or "(being written)"
        now = time.monotonic()
        if self._quit_asked_at is not None and now - self._quit_asked_at <= QUIT_AGAIN_WITHIN_S:
            self.exit(
                return_code=0,
                # Text: printed as it is once the screen is gone, never parsed as markup.
                message=Text(
                    "nowgg-console: quit with a consume in flight: its outcome is unknown, on "
                    f"record as history entry {listed}. `nowgg-console history resolve` "
                    "settles it by verifying, which is safe."
                ),
            )
            return
        self._quit_asked_at = now
        self.notify(
            f"A consume is in flight (history entry {listed}). Quitting now leaves its outcome "
            "unknown: it stays on record, and `nowgg-console history resolve` settles it later "
            f"by verifying. Press {self._quit_key()} again within {QUIT_AGAIN_WITHIN_S:.0f} s "
            "to quit anyway.",
            title="Consume in flight",
            severity="warning",
            timeout=QUIT_AGAIN_WITHIN_S,
            markup=False,
        )

    def _quit_key(self) -> str:
        return self.keymap.shown("quit")


class ConsoleCrashed(Exception):
    """The console failed (the original exception is its `__cause__`); shown as the short
    message of its `CrashReport` rather than as a traceback."""

    def __init__(self, report: CrashReport) -> None:
        super().__init__(report.message())
        self.report = report

    def __rich__(self) -> Text:
        return Text(self.report.message())
