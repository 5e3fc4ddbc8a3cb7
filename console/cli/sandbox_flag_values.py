"""The values of the `sandbox` commands' flags, checked once as argparse reads them.

The same discipline as `flag_values.py` (an argparse `type=` that returns the value or raises
`UsageError` naming the flag, the value made printable, and what is expected), kept beside the
sandbox's commands; where a rule exists in the sandbox (the most a mint makes, the longest
advance), the flag uses that very limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from console.payments import BaseUrl, BaseUrlRejected
from console.settings.printable import printable

from .targets import UsageError

# The sandbox's own limits, repeated here rather than imported: importing the sandbox's
# modules to read three numbers would cost every command's start-up (tests keep them equal).
MAX_MINT: Final = 10_000
DEFAULT_PERIOD_HOURS: Final = 720.0
MAX_HOURS: Final = 8784.0
MIN_PERIOD_HOURS: Final = 1.0
MAX_WEBHOOK_RETRIES: Final = 10
MAX_BACKOFF_MS: Final = 60_000.0
MAX_WEBHOOK_TIMEOUT_S: Final = 60.0
MAX_KEY_CHARS: Final = 512
_MAX_DIGITS: Final = 12


def _refused(flag: str, text: str, why: str) -> UsageError:
    return UsageError(f"{flag} {printable(text)} {why}")


def whole_number(flag: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        digits = text.strip()
        if not digits.isascii() or not digits.isdigit() or len(digits) > _MAX_DIGITS:
            raise _refused(flag, text, f"is not a whole number from {low} to {high}")
        number = int(digits)
        if not low <= number <= high:
            raise _refused(flag, text, f"is not a whole number from {low} to {high}")
        return number

    return parse


def number(flag: str, low: float, high: float, unit: str, *, above: bool) -> Callable[[str], float]:
    """A decimal number from `low` (excluded when `above`) to `high`; never inf or nan."""

    def parse(text: str) -> float:
        try:
            value = float(text) if len(text) <= 40 else math.nan
        except ValueError:
            value = math.nan
        in_range = (low < value if above else low <= value) and value <= high  # nan: false
        if not in_range:
            start = f"above {low:g}" if above else f"from {low:g}"
            raise _refused(flag, text, f"is not a number of {unit} {start} and at most {high:g}")
        return value

    return parse


mint_count = whole_number("the count", 1, MAX_MINT)
hours = number("--hours", 0, MAX_HOURS, "hours", above=True)
period_hours = number(
    "--subscription-period-hours", MIN_PERIOD_HOURS, MAX_HOURS, "hours", above=False
)
webhook_retries = whole_number("--webhook-retries", 0, MAX_WEBHOOK_RETRIES)
backoff_ms = number("--webhook-backoff-ms", 0, MAX_BACKOFF_MS, "milliseconds", above=False)
webhook_timeout = number("--webhook-timeout", 0, MAX_WEBHOOK_TIMEOUT_S, "seconds", above=True)


def webhook_url(text: str) -> str:
    """`--webhook-url`: the base URL rule (http or https, a host, no user:password@, no query
    or fragment), the URL kept as written (no slash added: a webhook path is exact)."""
    try:
        BaseUrl.parse(text)
    except BaseUrlRejected as rejected:
        if rejected.carries_credentials:
            raise UsageError(
                f"--webhook-url cannot be used: {rejected.why} (the key goes in --webhook-key)"
            ) from None
        raise _refused("--webhook-url", text, f"cannot be used: {rejected.why}") from None
    return text.strip()


def webhook_key(text: str) -> str:
    """`--webhook-key`: what now.gg would send in `Authorization`: printable ASCII without
    blanks (an HTTP header value), at most 512 characters. Not echoed when refused."""
    key = text.strip()
    if not key or len(key) > MAX_KEY_CHARS or not key.isascii() or not key.isprintable():
        raise UsageError(
            "--webhook-key cannot be used: give the webhook key, printable ASCII without "
            f"blanks, at most {MAX_KEY_CHARS} characters"
        )
    if any(char.isspace() for char in key):
        raise UsageError("--webhook-key cannot be used: a key has no blanks inside it")
    return key
