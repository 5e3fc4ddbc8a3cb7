"""The token inside what a person pasted: the wrapping a ticket, a chat or a log adds, taken off.

A player or a game team pastes a token the way it reached them: in quotes or backticks, with a
comma or a full stop after it (the end of a sentence, a JSON line), as `purchaseToken=…` from
a log or `"purchaseToken": "…"` from a reply, wrapped over several lines by a mail client.
No token begins or ends with any of that (API.md, shapes seen), so taking it off never changes
a real token; each step is said in words, for the front ends to show.

Several tokens in one paste are told apart from one wrapped token (`several_tokens`): joining
them would send a token that does not exist and earn 3901, hiding the real problem.
`tokens.clean_token` runs `unwrap_paste` first, so every way in (the token field, the worklist,
the command line, `--token`) cleans the same way.
"""

from __future__ import annotations

import re
from typing import Final

# `purchaseToken=…` (a log line, a query string), `"purchaseToken": "…"` (a JSON reply or
# body), `purchase_token: …`; the value quoted (anything up to the closing quote, wrapped lines
# included) or bare (up to the next separator).
_FIELD: Final = re.compile(
    r"""["'`]?purchase_?token["'`]?\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([^\s&,;"'}\]]+))""",
    re.IGNORECASE,
)
_PAIRS: Final = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "«": "»", "<": ">"}
_TRAILING: Final = {",": "a trailing comma", ".": "a trailing full stop", ";": "a trailing ;"}
# A line that begins the way a token does: a wrapped token's second line never does, a list's
# every line does. Sandbox tokens (`sbx-`), No-Code (`-nowgg-`), the vendor sample's
# `yyMMddHHmmss` start.
_TOKEN_START: Final = re.compile(r"^(?:-nowgg-|sbx-|\d{12}[A-Za-z]|[0-9a-fA-F]{32}$)")
_SEPARATORS: Final = re.compile(r"[\s,;]+")
# Within one line: a wrap never puts a space, a tab, a comma or a ; between two runs of a token.
_IN_LINE_SEPARATOR: Final = re.compile(r"\S[ \t,;]+\S")
# A piece that could be a whole token of a shape nobody documented: printable token characters
# (recognising.py's), and long enough that a wrapped token's short last line is not one.
_TOKEN_SHAPED: Final = re.compile(r"[A-Za-z0-9._:/+=-]{12,}")


def unwrap_paste(text: str) -> tuple[str, tuple[str, ...]]:
    """The token in `text` with the wrapping around it taken off, and what was taken off.

    Line breaks inside the token are left for `clean_token` to join (it says so itself)."""
    changes: list[str] = []
    value = text.strip()
    found = _FIELD.search(value)
    if found is not None:
        inner = next(group for group in found.groups() if group is not None)
        if inner.strip():
            value = inner.strip()
            changes.append(f"took the token out of {_field_name(found.group(0))}")
    while True:
        before = value
        value = value.strip()
        if len(value) >= 2 and _PAIRS.get(value[0]) == value[-1]:
            value = value[1:-1]
            changes.append(f"removed the {_quote_name(before.strip()[0])} around it")
            continue
        if value[-1:] in _TRAILING and len(value) > 1:
            changes.append(f"removed {_TRAILING[value[-1]]}")
            value = value[:-1]
            continue
        if value == before:
            return value, tuple(changes)


def token_field(line: str) -> str | None:
    """The value of a `purchaseToken` field in `line` (a worklist line copied from a log or a
    reply), or None when the line has none."""
    found = _FIELD.search(line)
    if found is None:
        return None
    inner = next(group for group in found.groups() if group is not None).strip()
    return inner or None


def several_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a paste that holds more than one, each unwrapped; () for one token.

    Several: two or more `purchaseToken` fields, or pieces — lines, or runs separated by
    spaces, commas or ; — that each begin the way a token does (which a wrapped token's later
    lines never do), or that are each token-shaped where a wrap cannot have cut them: side by
    side on one line, or lines whose lengths no wrap makes (`_may_be_wrapped`).
    Anything else is one token, wrapped: lines of a narrow terminal or a log are joined as
    before. Blank lines prove nothing: some mail clients wrap with them."""
    fields = [next(g for g in found.groups() if g is not None) for found in _FIELD.finditer(text)]
    fields = [field.strip() for field in fields if field.strip()]
    if len(fields) > 1:
        return tuple(fields)
    if fields:
        return ()
    pieces = [unwrap_paste(piece)[0] for piece in _SEPARATORS.split(text.strip()) if piece]
    if len(pieces) < 2:
        return ()
    if all(_TOKEN_START.match(piece) for piece in pieces):
        return tuple(pieces)
    if all(_TOKEN_SHAPED.fullmatch(piece) for piece in pieces) and not _may_be_wrapped(text):
        return tuple(pieces)
    return ()


def _may_be_wrapped(text: str) -> bool:
    """Whether `text` may be one token cut over lines: no separator inside a line, and line
    lengths a wrap makes. A terminal or a mail client fills every line to its width but the
    last (shorter) and the first (shorter when the copy began mid-line), so lines all of one
    length are a list (a wrap whose last line is exactly full is one in a width), and so are
    middle lines of different lengths. Two lines of different lengths may be either: joined,
    as before (the lookup then says whether that token exists)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if any(_IN_LINE_SEPARATOR.search(line) for line in lines):
        return False
    lengths = [len(line) for line in lines]
    if len(set(lengths)) == 1:
        return False
    if len(lengths) == 2:
        return True
    middle = set(lengths[1:-1])
    return len(middle) == 1 and max(lengths[0], lengths[-1]) <= min(middle)


def _field_name(matched: str) -> str:
    """`"purchaseToken": "…"` or `purchaseToken=…`, as the paste spelled the field."""
    name = re.sub(r"[\s\"'`:=].*", "", matched.lstrip("\"'`"), flags=re.DOTALL)
    return f'"{name}": "…"' if ":" in matched else f"{name}=…"


def _quote_name(char: str) -> str:
    if char == "`":
        return "backticks"
    if char == "<":
        return "angle brackets"
    return "quotes"
