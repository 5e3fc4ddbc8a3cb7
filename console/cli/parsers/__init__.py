"""The command line's grammar, built from light modules only: the top-level options and the
commands by name (`COMMANDS`). A command's own arguments are added when it is the command on
the command line (`SubCommands`), and its implementation is imported only when it runs
(`LazyRun`). So `--help`, a usage error and `explain` cost about as much as Python and
argparse, while `verify` loads the desk and httpx when it needs them.
"""

from __future__ import annotations

import argparse
import os
import sys

from console import __version__
from console.cli import flag_values
from console.cli.exit_codes import EXIT_CODES_HELP
from console.cli.targets import UsageError

from .lazy_run import CommandLine, LazyRun, SubCommands

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["COMMANDS", "LazyRun", "build_parser"]


def _as_written(message: str) -> str:
    return message


def _as_written_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


# argparse passes its own words ("usage:", "options", its error messages) through gettext,
# whose every look-up imports `locale` (its alias tables) to search for a catalog of the
# domain "argparse": about 4 % of `explain`'s and `--help`'s start, paid on every run. CPython
# ships no such catalog (no .mo file of it exists in a standard install), so the look-up
# always gives back the English it was given, which is what the rest of the console speaks:
# the words are taken as written. Only this process's argparse, which parses the command line.
argparse._ = _as_written  # type: ignore[attr-defined]
argparse.ngettext = _as_written_plural  # type: ignore[attr-defined]

COMMANDS: tuple[CommandLine, ...] = (
    CommandLine(
        "verify",
        help="look a purchase up (verifyPurchase) and decode it",
        description="Look a purchase up with verifyPurchase and show it in words, with its "
        "anomalies; on failure, what the error means and what to do next.",
    ),
    CommandLine(
        "consume",
        help="consume a purchase (consumePurchase): verify, confirm, consume, verify again",
        description="Consume a purchase safely: verify it first and refuse an unpaid, failed "
        "or already consumed one (unless --force); ask for confirmation on a terminal; send "
        "the consume once, never retried; verify again and print the proof. When the outcome "
        "is unknown (a timeout), verify to find out and say what was found.",
    ),
    CommandLine(
        "acknowledge",
        help="acknowledge a subscription purchase (acknowledgePurchase) before its deadline",
        description="Acknowledge a subscription purchase, which now.gg cancels and refunds if "
        "it is not acknowledged within 3 days of the purchase: verify it first and show the "
        "deadline and the time left; refuse an unpaid or failed one and one past its deadline "
        "(unless --force); ask for confirmation on a terminal; send it once, never retried, "
        "written to the history first; print now.gg's answer.",
    ),
    CommandLine(
        "identify",
        help="say what a pasted text is (token, order id, Google Play order, code, e-mail)",
        description="Say what a text from a ticket is before anything is sent: a purchase "
        "token and its shape, a now.gg order id (with the tokens the history saw with it: "
        "now.gg cannot be asked by order id), a Google Play order number, an error code, an "
        "e-mail address. Nothing is sent.",
    ),
    CommandLine(
        "explain",
        help="explain an error code (server or client SDK); without a code, list them all",
        description="Explain a now.gg error code: name, meaning, likely causes, next steps, and "
        "whether retrying is safe. Server codes and the client SDK's codes are kept apart "
        "(their numbers overlap). Without a code, list every code.",
    ),
    CommandLine(
        "env",
        help="list, show, add, edit, remove environments, or choose the default one",
        description="Environments say where calls go (a base URL), how careful to be there "
        "(production, read-only) and how the console shows them (label, colour). Built in: "
        "sandbox (the embedded simulator, the default), production and production-cn. "
        "`--env NAME` on any command, or NOWGG_CONSOLE_ENV, chooses one for a single run.",
    ),
    CommandLine(
        "key",
        help="store, delete or check API keys (kept in the OS keyring, shown masked)",
        description="API keys live in the OS keyring (service nowgg-console, user = the "
        "environment's name) or in the variable NOWGG_CONSOLE_API_KEY_<ENV>, which wins. "
        "They are never written to a file, the history, a log or an export, and are shown "
        "as •••• and their last 4 characters.",
    ),
    CommandLine(
        "history",
        help="the audit history: list, show, note, export, resolve unknown consumes",
        description="Every verify and consume made on this machine, from the command line and "
        "the console: when (UTC), who, where, what, the outcome and the reply. A consume is "
        "written before it is sent, so one that was killed shows as 'unknown' until "
        "`history resolve` verifies it.",
    ),
    CommandLine(
        "worklist",
        help="verify a file of tokens (a QA session), optionally consume the paid ones",
        description="Verify every token of FILE (one a line, or token,store,productId,currency) "
        "and print a row for each: verdict, amount, order id, error. With --consume-paid, "
        "consume the paid and not consumed ones after one confirmation, each checked, "
        "consumed once and verified. The exit code is 0 only when every row ended as asked.",
    ),
    CommandLine(
        "webhook",
        help="webhooks: send a test notification to an endpoint, listen for them, store a key",
        description="now.gg reports subscription changes to the studio's own URL as webhooks "
        "(JSON POST, `Authorization: <webhook key>`, a key of its own, never the payments "
        "key). `send` posts a realistic one and says whether now.gg would accept the answer "
        "or retry; `listen` receives them on loopback as a correct endpoint would and prints "
        "each decoded; `key` stores the webhook key in the OS keyring.",
    ),
    CommandLine(
        "sandbox",
        help="run the built-in now.gg simulator, list its seeded tokens, mint fresh ones",
        description="The sandbox simulates verifyPurchase, consumePurchase and "
        "acknowledgePurchase over real HTTP on loopback, with seeded orders in every state "
        "and store, seeded subscriptions, tokens that inject faults, a clock of its own and "
        "the webhooks of its subscriptions. It needs no account and no key of yours.",
    ),
)
"""Every command: its name and lines in `--help`; its arguments are in the module of its name
here (console/cli/parsers/NAME.py), imported only when it is the command that runs."""


class _Width:
    """The terminal's width for help text, as argparse's formatters would find it, without
    the `shutil` import they make for it (with its compression modules) on every run."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(  # type: ignore[call-arg]
            prog, indent_increment, max_help_position, width or _columns() - 2
        )


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(_Width, argparse.HelpFormatter):
    pass


class _RawDescriptionFormatter(_Width, argparse.RawDescriptionHelpFormatter):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors routed through our message and exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n(see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nowgg-console",
        description="An operations console for the now.gg Payments server API: look up, "
        "explain and safely consume purchases. Starts on a built-in sandbox that needs no "
        "account and no key.",
        epilog=EXIT_CODES_HELP,
        formatter_class=_RawDescriptionFormatter,
        # Abbreviations of the top-level options would take a command's own (`webhook send
        # --to` read as an ambiguous `--token`/`--tokens`): argparse looks at every argument.
        allow_abbrev=False,
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
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, action=SubCommands
    )
    assert isinstance(commands, SubCommands)  # argparse's stubs know only their own class
    for command in COMMANDS:
        commands.add_command(command)
    return parser
