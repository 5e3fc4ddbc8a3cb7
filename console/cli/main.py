"""The `nowgg-console` entry point: parse, run one command, map the result to an exit code.

Whatever happens, a person sees a sentence, never a traceback: expected failures come back as
outcomes from the desk, bad input as a usage error, and anything else as a one-line internal
error with an exit code of its own.
"""

from __future__ import annotations

import os
import sys

from . import flag_values
from .exit_codes import ExitCode
from .one_shot import OneShot, run_one_shot
from .output import Output
from .parsers import LazyRun, build_parser
from .targets import UsageError

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from .parsers.lazy_run import Command

DEBUG_VARIABLE = "NOWGG_CONSOLE_DEBUG"


def main(argv: Sequence[str] | None = None) -> int:
    output = Output.standard()
    parser = build_parser()
    try:
        flag_values.check_argv_text(sys.argv[1:] if argv is None else argv)
        args = parser.parse_args(argv)
        run: LazyRun | None = getattr(args, "run", None)
        if run is None:
            return _open_console(args)
        opening = (args.console_env, args.console_token, args.console_tokens)
        if any(value is not None for value in opening):
            raise UsageError(
                "--env, --token and --tokens before a command are for opening the console; "
                f"put options after the command: nowgg-console {args.command} --env NAME …"
            )
        return _run(run.load(), args, output)
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
            import traceback  # only here: most runs never need it

            # Through `note`, like everything printed: an exception may quote a reply.
            output.note("".join(traceback.format_exception(error)).rstrip())
        output.note(
            f"nowgg-console: internal error ({type(error).__name__}: {error}). This is a bug "
            f"in the console; set {DEBUG_VARIABLE}=1 to see the traceback, and report it."
        )
        return ExitCode.INTERNAL


def _run(command: Command, args: argparse.Namespace, output: Output) -> int:
    """A command's exit code; one that does I/O returns a coroutine, run on a new event loop
    (asyncio is imported by the commands that need it, never by `explain`), or a one-shot
    coroutine, run without one (one_shot.py: `verify`)."""
    result = command(args, output)
    if isinstance(result, int):
        return result
    if isinstance(result, OneShot):
        return run_one_shot(result)
    import asyncio

    return asyncio.run(result)


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
