"""The documented values of the two state fields and of payStatusTxt, and how to read them.

Reading is strict on purpose: a value of the wrong type (a string "1", a boolean) is not
taken as a state, because "paid" decides whether a user gets an item and must never be
guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

UNPAID: Final = 0
PAID: Final = 1
FAILED: Final = 2

NOT_CONSUMED: Final = 0
CONSUMED: Final = 1

PAYMENT_STATE_WORDS: Final[Mapping[int, str]] = MappingProxyType(
    {UNPAID: "Unpaid", PAID: "Paid", FAILED: "Failed"}
)
CONSUMPTION_WORDS: Final[Mapping[int, str]] = MappingProxyType(
    {NOT_CONSUMED: "Not consumed", CONSUMED: "Consumed"}
)

# payStatusTxt: API.md documents "Paid" and "Unpaid". "Failed" is not documented, but if it
# appears it can only mean purchaseState 2, so it is compared rather than called unknown.
_PAY_STATUS_STATES: Final[Mapping[str, int]] = MappingProxyType(
    {"paid": PAID, "unpaid": UNPAID, "failed": FAILED}
)


def exact_int(value: object) -> int | None:
    """`value` when it is a real int; None for anything else, booleans included."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def pay_status_state(text: object) -> int | None:
    """The purchaseState that payStatusTxt `text` stands for (any case), or None if unknown."""
    if not isinstance(text, str):
        return None
    return _PAY_STATUS_STATES.get(text.strip().lower())
