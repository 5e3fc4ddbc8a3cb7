"""Clean a purchase token pasted from a ticket, or refuse it with a reason a person can act on.

Tokens reach the console through copy and paste: from an e-mail, a chat, a ticket system that
wraps long lines. Harmless damage (surrounding whitespace, a token wrapped over lines, the
quotes, trailing punctuation or `purchaseToken=` around it: token_paste.py) is repaired and
reported; a paste of several tokens is refused with a pointer to the worklist; anything else
(a space inside, a zero-width space, a non-ASCII letter) is refused, because sending it would
only earn code 3901 "invalid purchase token" from now.gg and hide the real problem: the paste,
not the purchase.

Token shapes seen (API.md): `-nowgg-…`, 32 hex characters, `241028222221SGP61717`. None holds
anything but printable ASCII, so that is all this module lets through.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from console.payments.errors import TokenRejected
from console.payments.token_paste import several_tokens, unwrap_paste

# No documented token comes close; a longer paste is a log line or a whole reply, not a token.
MAX_TOKEN_LENGTH: Final = 1024

# Only CR and LF mean "the ticket wrapped the line". Other separators (U+2028, vertical tab, …)
# are refused below as whitespace or control characters: no mail client wraps with them.
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")

# Control characters have no Unicode name; these are the ones a paste realistically carries.
_CONTROL_NAMES: Final = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


_PRINTABLE_ASCII: Final = re.compile(r"[\x21-\x7e]+")
"""Characters `_problem_with` finds nothing wrong with: no space, control or non-ASCII."""


@dataclass(frozen=True)
class CleanedToken:
    """A token ready to send, and what was repaired to get it (empty when nothing was)."""

    value: str
    changes: tuple[str, ...]


def clean_token(raw: str) -> CleanedToken:
    """Repair surrounding whitespace and wrapped lines; refuse anything no token can hold.

    Positions in refusal reasons count from 1, in the token as cleaned (what the person sees
    once the surrounding blanks are gone).
    """
    changes: list[str] = []
    value = raw.strip()
    if value != raw:
        stripped = raw[: len(raw) - len(raw.lstrip())] + raw[len(raw.rstrip()) :]
        if "\n" in stripped or "\r" in stripped:
            changes.append("removed surrounding whitespace and line breaks")
        else:
            changes.append("removed surrounding whitespace")

    several = several_tokens(value)
    if several:
        raise TokenRejected(
            f"the paste holds {len(several)} tokens, not one: look them up as a worklist "
            "(one token per line)"
        )
    value, unwrapped = unwrap_paste(value)
    changes.extend(unwrapped)

    lines = _LINE_BREAK.split(value)
    if len(lines) > 1:
        pieces = [line.strip() for line in lines]
        value = "".join(pieces)
        joined = sum(1 for piece in pieces if piece)
        changes.append(f"joined {joined} lines that were wrapped")

    if not value:
        raise TokenRejected("the purchase token is empty")
    if len(value) > MAX_TOKEN_LENGTH:
        raise TokenRejected(
            f"the purchase token is {len(value)} characters long, more than the "
            f"{MAX_TOKEN_LENGTH} any token has: was a whole message pasted?"
        )
    # Nearly every token is printable ASCII without a space: one regex says so, instead of
    # asking each character (a 10,000-token worklist asks this 20,000 times).
    if _PRINTABLE_ASCII.fullmatch(value):
        return CleanedToken(value=value, changes=tuple(changes))
    for index, char in enumerate(value):
        problem = _problem_with(char)
        if problem:
            raise TokenRejected(
                f"the purchase token holds {problem} at position {index + 1} of {len(value)}; "
                "no token has one: copy it again from the source"
            )
    return CleanedToken(value=value, changes=tuple(changes))


def _problem_with(char: str) -> str | None:
    """What is wrong with one character of a token, in words, or None when it is fine."""
    if char.isspace():
        kind = "a space" if char == " " else "whitespace"
        return f"{kind} ({describe_char(char)})"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"a control character ({describe_char(char)})"
    if category.startswith("C"):
        # Cf (format: zero-width space, BOM, direction marks), Cs, Co, Cn: invisible on screen,
        # which is exactly why a person cannot see what is wrong with the paste.
        return f"an invisible character ({describe_char(char)})"
    if not char.isascii():
        return f"a non-ASCII character ({describe_char(char)})"
    return None


def describe_char(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its name, never the raw character,
    which for invisible characters would show nothing at all."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    if not name:
        return code
    if char.isprintable() and not char.isspace() and not char.isascii():
        return f"{code} {name} {char!r}"
    return f"{code} {name}"


def mask_token(value: str, keep_start: int = 6, keep_end: int = 4) -> str:
    """`sbx-pa…0001`: the start and end of a long token, enough to tell tokens apart and find
    one in a ticket. Tokens are not secrets; this keeps dialogs and columns short. A value no
    longer than what masking would leave is returned whole."""
    if len(value) <= keep_start + keep_end + 1:
        return value
    return f"{value[:keep_start]}…{value[-keep_end:]}"
