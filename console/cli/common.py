"""What verify and consume share: target options, the desk they open, and output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from console.desk import Desk, Timeouts
from console.desk.workspace import Workspace
from console.key_masking import mask_keys, mask_keys_json
from console.payments import MAX_BASE_URL_CHARS, STORE_NAMES
from console.settings.selection import UnknownEnvironment
from console.text_safety import printable_lines, terminal_safe_json

from . import flag_values
from .style import Style
from .targets import UsageError

# argparse's sub-command action; its parser class is ours, which the stubs cannot express.
if TYPE_CHECKING:
    SubCommands = argparse._SubParsersAction[Any]
else:
    SubCommands = argparse._SubParsersAction


def add_target_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group("where")
    where.add_argument(
        "--env",
        metavar="NAME",
        type=flag_values.environment,
        help="environment: sandbox (the default: built-in simulator), production, "
        "production-cn, or one added with `env add` (see `env list`); never empty",
    )
    where.add_argument(
        "--base-url",
        metavar="URL",
        type=flag_values.base_url,
        help="a base URL instead of an environment (key from NOWGG_CONSOLE_API_KEY): http(s), "
        "a host (an IDN in its xn-- form), a port from 1 to 65535, no user:password@, "
        f"?query or #fragment, at most {MAX_BASE_URL_CHARS} characters",
    )
    where.add_argument(
        "--note",
        metavar="TEXT",
        help="a ticket note kept with this call in the history (e.g. a ticket number)",
    )
    where.add_argument(
        "--timeout",
        type=flag_values.seconds("--timeout"),
        metavar="S",
        help=f"seconds to wait for a reply, above 0 and at most {flag_values.MAX_TIMEOUT_S:g} "
        "(default 15)",
    )
    where.add_argument(
        "--connect-timeout",
        type=flag_values.seconds("--connect-timeout"),
        metavar="S",
        help="seconds to wait for a connection, above 0 and at most "
        f"{flag_values.MAX_TIMEOUT_S:g} (default 5)",
    )
    store = parser.add_argument_group("multi-store purchases")
    store.add_argument("--store", choices=STORE_NAMES, help="the store (default nowgg)")
    store.add_argument("--product-id", metavar="P", help="the product id (multi-store)")
    store.add_argument("--currency", metavar="C", help="the purchase currency (multi-store)")
    parser.add_argument("--json", action="store_true", help="print the stable JSON shape")


def _timeouts(args: argparse.Namespace) -> Timeouts:
    """The flags' timeouts (already checked by `flag_values.seconds`), else the defaults."""
    defaults = Timeouts()
    return Timeouts(
        connect=args.connect_timeout or defaults.connect, read=args.timeout or defaults.read
    )


@asynccontextmanager
async def open_workspace(
    output: Output, timeouts: Timeouts | None = None
) -> AsyncIterator[Workspace]:
    """The session of one command: notices first, history warnings last, always closed.

    Every entry the command's lookups queued is written before it returns (or given up, with
    a warning): a command's call is on record when its answer is printed."""
    workspace = Workspace.open(timeouts=timeouts)
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
    args: argparse.Namespace, output: Output
) -> AsyncIterator[tuple[Workspace, Desk]]:
    """The workspace, and the desk of the environment the command line chose."""
    async with open_workspace(output, _timeouts(args)) as workspace:
        try:
            # Both flags were checked as they were read: `--base-url ""` and `--env ""` never
            # get here, so None is "not given" and never an empty value read as the default.
            environment = workspace.choose(args.env, args.base_url)
        except UnknownEnvironment as error:
            raise UsageError(str(error)) from None
        yield workspace, workspace.desk(environment)


def _no_secrets() -> Iterable[str]:
    return ()


@dataclass
class Output:
    """Everything a command prints goes through here, which is where outside text is made
    safe: API keys (and long pieces of them) masked, and no escape sequence but our own
    colours reaching a terminal — the renderers escape each value they interpolate; this is
    the net under them, for any path they missed."""

    out: TextIO
    err: TextIO
    style: Style
    secrets: Callable[[], Iterable[str]] = field(default=_no_secrets)
    """The keys this command knows of (asked at each write: keys are resolved on the way)."""
    _said: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def standard(cls) -> Output:
        return cls(sys.stdout, sys.stderr, Style.for_stream(sys.stdout))

    def lines(self, lines: list[str]) -> None:
        self._write(self.out, self._shown("\n".join(lines)) + "\n")

    def json(self, value: object) -> None:
        """Exact for a script (JSON escapes control characters losslessly), keys masked."""
        masked = mask_keys_json(value, list(self.secrets()))
        text = json.dumps(masked, indent=2, ensure_ascii=False)
        self._write(self.out, terminal_safe_json(text) + "\n")

    def note(self, text: str) -> None:
        """A remark for the person, on stderr so that stdout stays clean for pipes."""
        self._write(self.err, self._shown(text) + "\n")

    def note_once(self, text: str) -> None:
        """`note`, unless this very text was noted once already."""
        if text not in self._said:
            self._said.add(text)
            self.note(text)

    def document(self, text: str) -> None:
        """An export on stdout: the data exactly as stored when it goes to a file or a pipe,
        made printable (line breaks kept) when stdout is a terminal. Keys masked either way."""
        masked = mask_keys(text, list(self.secrets()))
        shown = printable_lines(masked) if self.out.isatty() else masked
        self._write(self.out, shown if shown.endswith("\n") else shown + "\n")

    def _shown(self, text: str) -> str:
        masked = mask_keys(text, list(self.secrets()))
        own = self.style.own_sequences
        if own is None:
            return printable_lines(masked)
        # Our colours split the text (the pattern captures them): every other piece is text.
        pieces = own.split(masked)
        return "".join(
            piece if index % 2 else printable_lines(piece) for index, piece in enumerate(pieces)
        )

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        stream.write(text)
        stream.flush()
