"""The value of each command-line flag, checked once, as argparse reads it.

Every function here is an argparse `type=`: it turns the text into the value the command uses,
or raises `UsageError` naming the flag and the value (made printable: it may hold anything)
with what is expected. argparse lets a `UsageError` through untouched, and the entry point
turns it into exit code 2, so a bad value never reaches the desk, the client or the history.
Where a rule already exists below the command line (a base URL, a timeout, an environment's
label), the flag calls that very rule, so the two can never disagree.

The limits stated here are also in each flag's `--help`.

Each rule is imported by the function that applies it: the parser is built on every run, and
a flag's rule (a URL parser, the config file's schema, dates) loads only when the flag is
given, so `explain` and `--help` load none of them.
"""

from __future__ import annotations

from .targets import UsageError

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime
    from typing import Final

MAX_LIMIT: Final = 1_000_000
MAX_ENTRY_ID: Final = 2**63 - 1
"""SQLite's largest row id: no history entry has a bigger one."""
MAX_MIN_AGE_S: Final = 10 * 365 * 24 * 3600
MAX_DELAY_MS: Final = 60_000.0
# A whole number this long is past every limit above; int() is not even asked to read it
# (past 4300 digits Python refuses to, with an error of its own).
_MAX_DIGITS: Final = 19
_URL_EXAMPLES: Final = "e.g. https://payments-api.now.gg/ or http://127.0.0.1:8765/"


def _refused(flag: str, text: str, why: str) -> UsageError:
    return UsageError(f"{flag} {_shown(text)} {why}")


def _shown(text: str) -> str:
    """A refused value, quoted and escaped (settings/printable.py), loaded when one is."""
    from console.settings.printable import printable

    return printable(text)


def check_argv_text(argv: Sequence[str]) -> None:
    """Every argument must be text: a shell hands over bytes that are not UTF-8 as lone
    surrogates, which no file, database or terminal can take."""
    for position, argument in enumerate(argv, start=1):
        if "\x00" in argument or any("\ud800" <= char <= "\udfff" for char in argument):
            raise UsageError(
                f"argument {position} {_shown(argument)} is not text (bytes that are not "
                "UTF-8, or a NUL): type it again, or save it as UTF-8"
            )


def base_url(text: str) -> str:
    """`--base-url` (of a command, or of `env add`/`env edit`): the rules of `BaseUrl.parse`,
    the client's own. Returns the URL as written, blanks around it removed."""
    from console.payments import BaseUrl, BaseUrlRejected

    try:
        BaseUrl.parse(text)
        return text.strip()
    except BaseUrlRejected as rejected:
        if rejected.carries_credentials:
            # Not echoed: the password would land in a terminal's scrollback or a CI log.
            raise UsageError(
                f"--base-url cannot be used: {rejected.why} (the API key comes from "
                f"NOWGG_CONSOLE_API_KEY); {_URL_EXAMPLES}"
            ) from None
        why = f"cannot be used: {rejected.why}; {_URL_EXAMPLES}"
        raise _refused("--base-url", text, why) from None


def environment(text: str) -> str:
    """`--env`: an environment's name; an empty one is refused, never read as the default."""
    from console.settings.selection import BlankEnvironment, environment_name

    try:
        return environment_name(text, "--env")
    except BlankEnvironment as blank:
        raise UsageError(str(blank)) from None


def environment_argument(text: str) -> str:
    """An environment named as an argument (`env show NAME`, `key set ENV`): the name rule of
    the config file, so that a name no environment can have is refused as such."""
    from console.settings import config_values

    name = text.strip()
    if not name:
        raise UsageError("the environment's name is empty: name one (see `env list`)")
    try:
        return config_values.environment_name(name)
    except config_values.Invalid as invalid:
        raise UsageError(f"{invalid.found} is no environment's name: {invalid.expected}") from None


def text_filter(flag: str) -> Callable[[str], str]:
    """A history filter (`--token`, `--ticket`…): an empty one would match nothing or
    everything, and an export of "everything" may end up pasted into a customer's ticket."""

    def parse(text: str) -> str:
        if not text.strip():
            raise UsageError(f"{flag} is empty: give what to look for, or leave the flag out")
        return text

    return parse


def operator(text: str) -> str:
    """`history --operator NAME`: the config file's `[history] operator` rule, so a name that
    can be written on entries can be searched for, and nothing else."""
    from console.settings import config_values

    try:
        return config_values.operator(text)
    except config_values.Invalid as invalid:
        raise _refused("--operator", text, f"cannot be used: expected {invalid.expected}") from None


def tokens_file(text: str) -> str:
    """A tokens file (`worklist FILE`, `--tokens FILE`): a path, never empty (an unset
    `$FILE` in a script must not read as "no list, so nothing failed")."""
    if not text.strip():
        raise UsageError("the tokens file is empty text: give the path of a file of tokens")
    return text


def payload_field(text: str) -> tuple[str, str]:
    """`--payload uid=10001`: a field of the game's developerPayload and the value it holds."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise UsageError(
            f"--payload takes NAME=VALUE, e.g. uid=10001 (got {text!r}): a field of the "
            "game's developerPayload and its value"
        )
    return name.strip(), value.strip()


def seconds(flag: str) -> Callable[[str], float]:
    """`--timeout`, `--connect-timeout`: the config file's timeout rule (above 0, at most
    300 s), which also refuses `inf`, `nan` and `1e400`."""

    def parse(text: str) -> float:
        from console.settings import config_values

        try:
            return config_values.timeout(float(text))
        except (ValueError, config_values.Invalid):
            limit = config_values.MAX_TIMEOUT_S
            raise _refused(
                flag, text, f"is not a number of seconds above 0 and at most {limit:g}"
            ) from None

    return parse


def setting(flag: str, check: Callable[[object], str]) -> Callable[[str], str]:
    """A flag that sets an environment's field (`--label`, `--colour`): the file's own rule."""

    def parse(text: str) -> str:
        from console.settings import config_values

        try:
            return check(text)
        except config_values.Invalid as invalid:
            raise _refused(flag, text, f"cannot be used: expected {invalid.expected}") from None

    return parse


def _whole_number(flag: str, text: str, low: int, high: int, what: str) -> int:
    digits = text.strip()
    try:
        if len(digits.lstrip("+-")) > _MAX_DIGITS:
            raise ValueError(digits)
        number = int(digits)
    except ValueError:
        raise _refused(flag, text, f"is not {what}") from None
    if not low <= number <= high:
        raise _refused(flag, text, f"is not {what}")
    return number


def limit(text: str) -> int:
    """`--limit`: 1 to 1,000,000 entries."""
    return _whole_number("--limit", text, 1, MAX_LIMIT, f"a whole number from 1 to {MAX_LIMIT}")


def entry_id(text: str) -> int:
    """A history entry's id, as `history` lists it."""
    return _whole_number(
        "the id", text, 1, MAX_ENTRY_ID, "an entry's id (a whole number from 1, as listed)"
    )


def port(text: str) -> int:
    """`sandbox serve --port`: 0 (any free port) to 65535."""
    return _whole_number("--port", text, 0, 65535, "a port number from 0 (any free one) to 65535")


def bind_host(text: str) -> str:
    """`sandbox serve --host`: an address or host name of this machine, as `getaddrinfo` takes
    it (ASCII, no blanks, at most 253 characters; an IDN raises inside it)."""
    host = text.strip()
    if not host or len(host) > 253 or not host.isascii() or not host.isprintable() or " " in host:
        raise _refused(
            "--host", text, "is not an address to listen on, e.g. 127.0.0.1, ::1 or 0.0.0.0"
        )
    return host


def milliseconds(flag: str, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= high:  # also false for nan
            raise _refused(flag, text, f"is not a number of milliseconds from 0 to {high:g}")
        return value

    return parse


def min_age(text: str) -> float:
    """`history resolve --min-age`: 0 to ten years, in seconds."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_MIN_AGE_S:  # also false for nan
        raise _refused(
            "--min-age", text, f"is not a number of seconds from 0 to {MAX_MIN_AGE_S} (ten years)"
        )
    return value


def since(text: str) -> datetime:
    """`--since`: a date, a date and time, or an age (`since.py`)."""
    from .since import SinceRefused, parse_since

    try:
        return parse_since(text)
    except SinceRefused as refused:
        raise _refused("--since", text, refused.why) from None


MAX_WEBHOOK_URL_CHARS: Final = 2048


def webhook_url(text: str) -> str:
    """`webhook send --to`: the studio's own endpoint, http(s) with a host, a path and query
    allowed (it is the endpoint's own address, not a base URL), no user:password@."""
    from urllib.parse import urlsplit

    url = text.strip()
    why = "is not a webhook endpoint: http(s)://host[:port]/path, e.g. http://127.0.0.1:8800/"
    if not url or len(url) > MAX_WEBHOOK_URL_CHARS or not url.isascii() or not url.isprintable():
        raise _refused("--to", text, why + f" (ASCII, at most {MAX_WEBHOOK_URL_CHARS} characters)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _refused("--to", text, why) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        raise _refused("--to", text, why)
    if parts.username is not None or parts.password is not None:
        raise _refused("--to", text, "holds user:password@: the webhook key is the credential")
    if port == 0:
        raise _refused("--to", text, "has port 0, which no endpoint listens on")
    return url


def notification_type(text: str) -> str:
    """`webhook send TYPE`: one of now.gg's notification types, any case."""
    from console.webhooks.notifications import NOTIFICATION_TYPES

    chosen = text.strip().upper()
    if chosen not in NOTIFICATION_TYPES:
        raise _refused("TYPE", text, "is not one of " + ", ".join(NOTIFICATION_TYPES))
    return chosen


def order_id(text: str) -> str:
    """`webhook send --order-id`: printable, at most 128 characters, no blanks."""
    value = text.strip()
    if not value or len(value) > 128 or not value.isprintable() or " " in value:
        raise _refused(
            "--order-id", text, "is not an order id (1 to 128 printable characters, no blanks)"
        )
    return value
