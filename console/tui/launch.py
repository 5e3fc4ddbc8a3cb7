"""`nowgg-console` with no command: open the console on the chosen environment.

Called by the CLI's entry point only after it has checked that stdout is a terminal, so
textual is imported only when a screen will really be drawn. Everything that can be wrong
on the command line is found here, before the screen takes over the terminal, and raised as
`LaunchRefused` (one sentence), which the CLI reports as a usage error (exit code 2): the
console knows nothing of the CLI, as the CLI knows nothing of the console.
"""

from __future__ import annotations

from pathlib import Path

from console.desk.worklist import WorklistFileError, read_worklist_file
from console.desk.workspace import Workspace
from console.settings.selection import UnknownEnvironment
from console.tui.app import ConsoleApp
from console.tui.crash_report import INTERNAL_ERROR_EXIT
from console.tui.start import StartRequest, worklist_start


class LaunchRefused(Exception):
    """The console cannot open as asked (an empty --token, a bad --tokens file, an unknown
    environment); the message says what is expected."""


def start_request(token: str | None, tokens_file: str | None) -> StartRequest:
    if token is not None and not token.strip():
        raise LaunchRefused("--token is empty: give the purchase token to look up")
    if tokens_file is None:
        return StartRequest(token=token)
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


def launch(env: str | None, token: str | None, tokens_file: str | None) -> int:
    start = start_request(token, tokens_file)
    workspace = Workspace.open()
    try:
        environment = workspace.choose(env)
    except UnknownEnvironment as error:
        raise LaunchRefused(str(error)) from None  # nothing was opened: the history is lazy
    app = ConsoleApp(workspace, environment, start=start)
    app.run()
    if app.crash is not None:
        # The short message is on the terminal already (app.py); scripts see a bug's code.
        return INTERNAL_ERROR_EXIT
    return app.return_code or 0
