"""Checks for single values of the config file; each returns the clean value or raises
`Invalid(found, expected)`, which the schema turns into a problem with its key path."""

from __future__ import annotations

import math
import re
from typing import Final

from console.payments import STORE_NAMES, BaseUrl, BaseUrlRejected, Store

from .printable import printable

NAME_PATTERN: Final = re.compile(r"[a-z0-9-]{1,32}")
NAME_EXPECTED: Final = "1 to 32 lowercase letters, digits or '-' (e.g. staging, qa-eu-2)"

# The names both Rich (the CLI) and Textual (the TUI) understand the same way; anything else
# can be given exactly as #rrggbb. Black is left out: it vanishes on a dark terminal.
NAMED_COLOURS: Final = (
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "purple",
    "violet",
)
_HEX_COLOUR: Final = re.compile(r"#[0-9a-fA-F]{6}")

# A reply timeout above this is almost surely milliseconds typed as seconds.
MAX_TIMEOUT_S: Final = 300.0
MAX_LABEL_LENGTH: Final = 80
_SHOWN_VALUE_LENGTH: Final = 60
# Integers this wide are shown by size: a 4000-digit one cannot even be turned into text.
_SHOWN_INT_BITS: Final = 128
# History retention: beyond these, dates and row counts overflow what the history computes with
# (a year 1 cut-off, SQLite's 64-bit integers); no team keeps a payments log longer anyway.
MAX_RETENTION_DAYS: Final = 36_500
MAX_RETENTION_ROWS: Final = 1_000_000_000


class Invalid(Exception):
    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"found {found}; expected {expected}")
        self.found = found
        self.expected = expected


def shown(value: object) -> str:
    """A value as a problem message shows it: its TOML type, and the value made printable and
    cut short (a file may hold escape sequences, or a number of 4000 digits)."""
    kind = {
        bool: "boolean",
        int: "integer",
        float: "float",
        str: "string",
        dict: "table",
        list: "array",
    }.get(type(value), type(value).__name__)
    if isinstance(value, bool):
        # TOML spells booleans true/false; Python's True would puzzle someone editing the file.
        return f"{kind} {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > _SHOWN_INT_BITS:
        return f"{kind} of {value.bit_length():,} bits, far beyond any setting"
    if isinstance(value, str):
        return f"{kind} {printable(value, _SHOWN_VALUE_LENGTH)}"
    if isinstance(value, dict | list):
        return f"{kind} of {len(value)} item{'s' * (len(value) != 1)}"
    text = repr(value)
    if len(text) > _SHOWN_VALUE_LENGTH:
        text = text[: _SHOWN_VALUE_LENGTH - 1] + "…"
    return f"{kind} {text}"


def environment_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise Invalid(f"the name {printable(name, _SHOWN_VALUE_LENGTH)}", NAME_EXPECTED)
    return name


def base_url(value: object) -> str:
    """The URL as written, once `BaseUrl.parse` (the client's own rule) accepts it."""
    expected = 'an http(s) URL with a host, e.g. "https://payments-staging.example.com/"'
    if not isinstance(value, str):
        raise Invalid(shown(value), expected)
    try:
        BaseUrl.parse(value)
    except BaseUrlRejected as rejected:
        if rejected.carries_credentials:
            # A URL with user:password@ would put a secret into the config file: not echoed.
            raise Invalid(
                "a URL with a user name or password in it",
                "a URL without credentials (the API key is kept in the OS keyring: "
                "`nowgg-console key set ENV`)",
            ) from None
        raise Invalid(f"{shown(value)} ({rejected.why})", expected) from None
    return value.strip()


def label(value: object) -> str:
    expected = f"a non-empty string of at most {MAX_LABEL_LENGTH} characters"
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_LABEL_LENGTH:
        raise Invalid(shown(value), expected)
    if not value.isprintable():
        raise Invalid("a label with control characters", expected)
    return value.strip()


def colour(value: object) -> str:
    expected = f"one of {', '.join(NAMED_COLOURS)}, or #rrggbb"
    if not isinstance(value, str):
        raise Invalid(shown(value), expected)
    text = value.strip().lower()
    if text in NAMED_COLOURS or _HEX_COLOUR.fullmatch(text):
        return text
    raise Invalid(shown(value), expected)


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(shown(value), "true or false (without quotes)")
    return value


def timeout(value: object) -> float:
    expected = f"a number of seconds above 0 and at most {MAX_TIMEOUT_S:g}, e.g. 10.0"
    # bool is an int in Python, but `timeout = true` is a mistake, not 1 second.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(shown(value), expected)
    if isinstance(value, int) and not 0 < value <= MAX_TIMEOUT_S:
        raise Invalid(shown(value), expected)  # before float(): 10**400 would overflow it
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0 or seconds > MAX_TIMEOUT_S:
        raise Invalid(shown(value), expected)
    return seconds


def store(value: object) -> Store:
    expected = f"one of {', '.join(STORE_NAMES)}"
    if not isinstance(value, str) or value.strip().lower() not in STORE_NAMES:
        raise Invalid(shown(value), expected)
    return Store(value.strip().lower())


def verify_spelling(value: object) -> str:
    """`seller` or `sellers`: the verify path's spelling (API.md, "Path spelling")."""
    from .environments import VERIFY_SPELLINGS

    expected = f"one of {', '.join(VERIFY_SPELLINGS)} (the verify path's spelling)"
    if not isinstance(value, str) or value.strip().lower() not in VERIFY_SPELLINGS:
        raise Invalid(shown(value), expected)
    return value.strip().lower()


MAX_OPERATOR_LENGTH: Final = 64
OPERATOR_EXPECTED: Final = (
    f"a name of 1 to {MAX_OPERATOR_LENGTH} characters without control characters, "
    'e.g. operator = "alice"'
)


def operator(value: object) -> str:
    """Who is at the keyboard (`[history] operator`, `history --operator`): the name on every
    history entry, read by the team in a shared history; runs of spaces count as one, as the
    OS user name's do (history/operator_name.py)."""
    if not isinstance(value, str):
        raise Invalid(shown(value), OPERATOR_EXPECTED)
    name = " ".join(value.split())
    if not name or len(name) > MAX_OPERATOR_LENGTH:
        raise Invalid(shown(value), OPERATOR_EXPECTED)
    if not name.isprintable():
        raise Invalid("a name with control characters", OPERATOR_EXPECTED)
    return name


def positive_count(value: object, unit: str, maximum: int) -> int:
    expected = f"a whole number of {unit} from 1 to {maximum}"
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise Invalid(shown(value), expected)
    return value
