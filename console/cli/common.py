"""What the commands that open a workspace share: the session of one command, and the desk
of the environment its flags chose."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from console.desk import Desk, Timeouts
from console.desk.workspace import Workspace
from console.settings.environments import Environment
from console.settings.selection import UnknownEnvironment

from .output import Output
from .targets import UsageError


def _timeouts(args: argparse.Namespace) -> Timeouts:
    """The flags' timeouts (already checked by `flag_values.seconds`), else the defaults."""
    defaults = Timeouts()
    return Timeouts(
        connect=args.connect_timeout or defaults.connect, read=args.timeout or defaults.read
    )


@asynccontextmanager
async def open_workspace(
    output: Output, timeouts: Timeouts | None = None, *, one_shot: bool = False
) -> AsyncIterator[Workspace]:
    """The session of one command: notices first, history warnings last, always closed.

    Every entry the command's lookups queued is written before it returns (or given up, with
    a warning): a command's call is on record when its answer is printed.
    `one_shot`: see `Workspace.open` (a command sending one request at a time, whose
    coroutine then runs without an event loop: one_shot.py)."""
    workspace = Workspace.open(timeouts=timeouts, one_shot=one_shot)
    output.secrets = workspace.secrets
    say_notices(workspace, output)
    try:
        yield workspace
    finally:
        await workspace.flush_history()
        say_notices(workspace, output)  # the history's, once it was opened
        for warning in workspace.warnings:
            output.note(f"nowgg-console: warning: {warning}")
        await workspace.aclose()


def say_notices(workspace: Workspace, output: Output) -> None:
    """Each notice of the workspace not said yet (the history adds its own when it opens,
    and when it meets a row it cannot read)."""
    for notice in workspace.notices:
        output.note_once(f"nowgg-console: {notice}")


@asynccontextmanager
async def open_desk(
    args: argparse.Namespace, output: Output, *, one_shot: bool = False
) -> AsyncIterator[tuple[Workspace, Desk]]:
    """The workspace, and the desk of the environment the command line chose."""
    async with open_workspace(output, _timeouts(args), one_shot=one_shot) as workspace:
        try:
            # Both flags were checked as they were read: `--base-url ""` and `--env ""` never
            # get here, so None is "not given" and never an empty value read as the default.
            environment = workspace.choose(args.env, args.base_url)
        except UnknownEnvironment as error:
            raise UsageError(str(error)) from None
        if environment.sends_key_in_clear:
            output.note_once(insecure_http_warning(environment))
        yield workspace, workspace.desk(environment)


def insecure_http_warning(environment: Environment) -> str:
    """Said whenever an environment whose key would cross the network in clear is used."""
    return (
        f"nowgg-console: warning: {environment.name}'s base URL {environment.base_url} is "
        "plain http:// to another machine: the API key and every purchase cross the network "
        "in clear text. Use https:// unless the path is protected otherwise."
    )
