"""The `nowgg-console` entry point: parse, run one command, map the result to an exit code.

Whatever happens, a person sees a sentence, never a traceback: expected failures come back as
outcomes from the desk, bad input as a usage error, and anything else as a one-line internal
error with an exit code of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import traceback
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, cast

from console import __version__

from . import (
    consume_command,
    env_command,
    explain_command,
    flag_values,
    history_command,
    key_command,
    sandbox_command,
    verify_command,
)
from .common import Output
from .exit_codes import EXIT_CODES_HELP, ExitCode
from .targets import UsageError

DEBUG_VARIABLE = "NOWGG_CONSOLE_DEBUG"

Command = Callable[[argparse.Namespace, Output], Coroutine[Any, Any, int]]


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors routed through our message and exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n(see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nowgg-console",
        description="An operations console for the now.gg Payments server API: look up, "
        "explain and safely consume purchases. Starts on a built-in sandbox that needs no "
        "account and no key.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"nowgg-console {__version__}")
    # With no COMMAND the console (the TUI) opens; these options are for it.
    opening = parser.add_argument_group("opening the console (no COMMAND)")
    opening.add_argument(
        "--env",
        dest="console_env",
        metavar="NAME",
        type=flag_values.environment,
        help="open on this environment (default: the configured one, sandbox on first run); "
        "never empty",
    )
    opening.add_argument(
        "--token",
        dest="console_token",
        metavar="TOKEN",
        help="look this purchase token up at once (a deep link from a ticket)",
    )
    opening.add_argument(
        "--tokens",
        dest="console_tokens",
        metavar="FILE",
        help="open the worklist with the tokens of FILE (one a line) and verify them",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    verify_command.add_parser(commands)
    consume_command.add_parser(commands)
    explain_command.add_parser(commands)
    env_command.add_parser(commands)
    key_command.add_parser(commands)
    history_command.add_parser(commands)
    sandbox_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    output = Output.standard()
    parser = build_parser()
    try:
        flag_values.check_argv_text(sys.argv[1:] if argv is None else argv)
        args = parser.parse_args(argv)
        run = cast("Command | None", getattr(args, "run", None))
        if run is None:
            return _open_console(args)
        opening = (args.console_env, args.console_token, args.console_tokens)
        if any(value is not None for value in opening):
            raise UsageError(
                "--env, --token and --tokens before a command are for opening the console; "
                f"put options after the command: nowgg-console {args.command} --env NAME …"
            )
        return asyncio.run(run(args, output))
    except UsageError as error:
        output.note(f"nowgg-console: {error}")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        output.note(f"nowgg-console: {_interrupted()}")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # the last line of defence: a sentence, not a traceback
        if os.environ.get(DEBUG_VARIABLE):
            # Through `note`, like everything printed: an exception may quote a reply.
            output.note("".join(traceback.format_exception(error)).rstrip())
        output.note(
            f"nowgg-console: internal error ({type(error).__name__}: {error}). This is a bug "
            f"in the console; set {DEBUG_VARIABLE}=1 to see the traceback, and report it."
        )
        return ExitCode.INTERNAL


def _interrupted() -> str:
    """What Ctrl+C left behind. A consume in flight is named, with how to settle it; the
    write-ahead module is only asked if it was loaded (else no consume was ever sent)."""
    write_ahead = sys.modules.get("console.desk.write_ahead")
    entries: tuple[int, ...] = write_ahead.left_unknown() if write_ahead else ()
    if not entries:
        return "interrupted"
    listed = ", ".join(str(entry) for entry in entries)
    return (
        "interrupted with a consume in flight: its outcome is unknown (now.gg may or may not "
        f"have consumed the purchase). It is on record as history entry {listed}. Do not "
        "consume again: `nowgg-console history resolve` settles it by verifying, which is "
        "safe (add --base-url URL for a consume made with --base-url)."
    )


def _open_console(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty():
        raise UsageError(
            "the console needs a terminal (stdout is not one); for scripts use a command, "
            "see `nowgg-console --help`"
        )
    # Imported here: only the console loads textual, so commands and scripts start fast.
    from console.tui.launch import LaunchRefused, launch

    try:
        return launch(args.console_env, args.console_token, args.console_tokens)
    except LaunchRefused as error:
        raise UsageError(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())
