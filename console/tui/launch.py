"""`nowgg-console` with no command: open the console on the chosen environment.

Called by the CLI's entry point only after it has checked that stdout is a terminal, so
textual is imported only when a screen will really be drawn. Everything that can be wrong
on the command line is found here, before the screen takes over the terminal, and raised as
`LaunchRefused` (one sentence), which the CLI reports as a usage error (exit code 2): the
console knows nothing of the CLI, as the CLI knows nothing of the console.

Only the settings are read before the first frame (the banner needs the environment); the
workspace — history, keyring, API client — opens once the screen is drawn (opening.py).
`launch` imports the screen (Textual) only once garbage collection is held until the first
frame (start_collections.py), so this module's own imports stay light.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from console.tui import start_collections
from console.tui.start import StartRequest, worklist_start

if TYPE_CHECKING:
    from console.desk.workspace import Workspace
    from console.tui.app import ConsoleApp


class LaunchRefused(Exception):
    """The console cannot open as asked (an empty --token, a bad --tokens file, an unknown
    environment); the message says what is expected."""


def start_request(token: str | None, tokens_file: str | None) -> StartRequest:
    if token is not None and not token.strip():
        raise LaunchRefused("--token is empty: give the purchase token to look up")
    if tokens_file is None:
        return StartRequest(token=token)
    # Only with --tokens: the worklist's reader lives with the desk.
    from console.desk.worklist import WorklistFileError, read_worklist_file

    try:
        parsed = read_worklist_file(Path(tokens_file).expanduser())
    except WorklistFileError as error:
        raise LaunchRefused(f"--tokens: {error}") from None
    if not parsed.items:
        notes = "; ".join(parsed.notes)
        raise LaunchRefused(
            f"--tokens: no usable token in {tokens_file}" + (f" ({notes})" if notes else "")
        )
    worklist = worklist_start(parsed)
    return StartRequest(
        token=token, worklist_text=worklist.worklist_text, worklist_notes=worklist.worklist_notes
    )


def open_workspace(environ: Mapping[str, str]) -> Workspace:
    """What the console opens after its first frame, in a thread."""
    from console.desk.workspace import Workspace

    return Workspace.open(environ=environ)


def console_app(
    env: str | None,
    token: str | None,
    tokens_file: str | None,
    environ: Mapping[str, str] | None = None,
) -> ConsoleApp:
    """The console as `nowgg-console [--env …] [--token …] [--tokens …]` opens it, not yet
    running. Raises `LaunchRefused`."""
    from console.settings.config import load_settings
    from console.settings.paths import data_dir
    from console.settings.selection import UnknownEnvironment, choose_environment
    from console.tui.app import ConsoleApp
    from console.tui.opening import WorkspaceOpening

    environ = os.environ if environ is None else environ
    start = start_request(token, tokens_file)
    settings = load_settings(environ=environ)
    try:
        environment = choose_environment(settings, env, environ)
    except UnknownEnvironment as error:
        raise LaunchRefused(str(error)) from None
    opening = WorkspaceOpening(settings, partial(open_workspace, environ))
    return ConsoleApp(opening, environment, start=start, data_directory=data_dir(environ))


def launch(env: str | None, token: str | None, tokens_file: str | None) -> int:
    # Before the screen's modules load: collections resume with the first frame.
    start_collections.hold_until_first_frame()
    try:
        app = console_app(env, token, tokens_file)
        app.run()
    finally:
        start_collections.end_hold()
    if app.crash is not None:
        from console.tui.crash_report import INTERNAL_ERROR_EXIT

        # The short message is on the terminal already (app.py); scripts see a bug's code.
        return INTERNAL_ERROR_EXIT
    return app.return_code or 0
