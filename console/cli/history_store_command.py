"""`nowgg-console history migrate` and `history import FILE`: the shared history's schema, and
a local history moved into it."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from console.desk.workspace import Workspace
from console.history import HistoryUnavailable
from console.text_safety import printable

from .common import say_notices
from .exit_codes import ExitCode
from .output import Output


def _refused(error: HistoryUnavailable, output: Output) -> int:
    output.note(f"nowgg-console: {error.explained}")
    return ExitCode.UNAVAILABLE


async def run_migrate(args: argparse.Namespace, output: Output) -> int:
    from console.history.migrating import migrate_history

    workspace = Workspace.open(with_history=False)
    say_notices(workspace, output)  # a config file ignored (a password in its URL) first
    shared = workspace.shared_history
    path = _local_path()
    try:
        migrated = await asyncio.to_thread(migrate_history, path, shared)
    except HistoryUnavailable as error:
        return _refused(error, output)
    if shared is None:
        output.lines(
            [
                f"The history is the local file {printable(migrated.location)} (schema "
                f"{migrated.after}, brought up to date whenever it opens).",
                "No shared history is configured: set [history] url in the config, or "
                "NOWGG_CONSOLE_HISTORY_URL.",
            ]
        )
    elif migrated.changed:
        output.lines(
            [
                f"Migrated the shared history at {printable(migrated.location)} from schema "
                f"{migrated.before} to {migrated.after}."
            ]
        )
    else:
        output.lines(
            [
                f"The shared history at {printable(migrated.location)} is up to date "
                f"(schema {migrated.after}); nothing to do."
            ]
        )
    return ExitCode.OK


async def run_import(args: argparse.Namespace, output: Output) -> int:
    from console.history.importing import import_history
    from console.history.store import HistoryStore

    source = Path(args.file).expanduser()
    workspace = Workspace.open(with_history=False)
    say_notices(workspace, output)  # a config file ignored (a password in its URL) first
    shared = workspace.shared_history
    if shared is None:
        output.note(
            "nowgg-console: there is no shared history to import into: set [history] url in "
            "the config, or NOWGG_CONSOLE_HISTORY_URL (then run `nowgg-console history migrate`)"
        )
        return ExitCode.UNAVAILABLE

    def work() -> tuple[str, int, int, tuple[str, ...]]:
        with HistoryStore(_local_path(), shared=shared, secrets_to_scrub=workspace.secrets) as into:
            report = import_history(source, into)
            return into.location, report.added, report.already, report.unreadable

    try:
        location, added, already, unreadable = await asyncio.to_thread(work)
    except HistoryUnavailable as error:
        return _refused(error, output)
    for notice in unreadable:
        output.note(f"nowgg-console: {notice}")
    output.lines(
        [
            f"Imported {printable(str(source))} into the shared history at "
            f"{printable(location)}: {added} entr{'y' if added == 1 else 'ies'} added, "
            f"{already} already there."
        ]
    )
    return ExitCode.OK


def _local_path() -> Path:
    from console.desk.workspace import history_path

    return history_path()
