"""Text from outside, made safe to show on a terminal: control characters become visible
escapes (`\\x1b`, `\\u202e`) and never reach the terminal raw.

Why: a reply, a pasted token, a ticket note or a history row may hold terminal escape
sequences (ESC ] 0 ; … BEL retitles the window, ESC [ … moves the cursor and repaints what the
operator reads), C1 controls that terminals obey like escapes (U+009B is a CSI by itself), and
invisible format characters that reorder or hide text (U+202E RIGHT-TO-LEFT OVERRIDE makes an
order id read backwards, U+200B ZERO WIDTH SPACE hides inside a token). Shown raw, any of them
can make the screen lie about a purchase.

What is escaped: every character of the Unicode categories Cc (C0, DEL, C1), Cf (format:
bidi controls, zero-width characters, the BOM, soft hyphen, tags), Zl and Zp (line and
paragraph separators, which some terminals break lines on) and Cs (a lone surrogate, which
JSON can carry and no terminal encoding can write). Everything else, any script, is shown as
it is. A backslash is not doubled: `\\x1b` in the data and an escaped ESC look alike, which is
the price of keeping ordinary text (paths, JSON) readable; the raw view and exports keep the
exact value.

This is applied where text meets a terminal — the command line's renderers and output, the
console's widgets and notifications — never to what is stored: the history, exports written to
a file and `--json` keep every value as it came (JSON escapes these characters losslessly:
`terminal_safe_json`).

No dependencies beyond the standard library: any layer may import it.
"""

from __future__ import annotations

import re
import unicodedata

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
"""The Unicode categories shown as escapes (see the module's docstring)."""

# Printable ASCII is never unsafe: only runs of anything else are looked at, one character at
# a time, so long ordinary text costs one regex scan in C.
_NOT_PLAIN_ASCII: Final = re.compile(r"[^\x20-\x7e]+")
# Line layout a document keeps (`printable_lines`): LF, CRLF and TAB.
_LAYOUT: Final = re.compile(r"(\r\n|\n|\t)")


def is_unsafe(char: str) -> bool:
    """Whether one character is shown as an escape rather than as itself."""
    return not char.isprintable() and unicodedata.category(char) in UNSAFE_CATEGORIES


_SHORT: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_char(char: str) -> str:
    """`\\n`, `\\x1b`, `\\u202e`, `\\U000e0041`: Python's own spelling of the character."""
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_run(match: re.Match[str]) -> str:
    run = match.group()
    if run.isprintable():  # Chinese, accented letters, emoji: nothing to escape
        return run
    return "".join(escape_char(char) if is_unsafe(char) else char for char in run)


def printable(text: str) -> str:
    """`text` as one line a terminal shows literally: every unsafe character escaped,
    line breaks and tabs included (a value must not start a line that looks like ours)."""
    if text.isprintable():
        return text
    return _NOT_PLAIN_ASCII.sub(_escape_run, text)


def printable_lines(text: str) -> str:
    """A document (an export, a Markdown summary) for a terminal: its line breaks (LF, CRLF)
    and tabs kept, every other unsafe character escaped as `printable` does."""
    if text.isprintable():
        return text
    return "".join(
        piece if _LAYOUT.fullmatch(piece) else printable(piece) for piece in _LAYOUT.split(text)
    )


def has_unsafe(text: str) -> bool:
    """Whether `printable` would change `text`."""
    return not text.isprintable() and printable(text) != text


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    # JSON spells a character outside the BMP as its UTF-16 surrogate pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_escape_run(match: re.Match[str]) -> str:
    run = match.group()
    if run.isprintable():
        return run
    # A raw line break in `json.dumps` output is layout (indent=…): inside a string `json`
    # always writes `\n`.
    return "".join(_json_escape(char) if char != "\n" and is_unsafe(char) else char for char in run)


def terminal_safe_json(dumped: str) -> str:
    """JSON text (from `json.dumps(…, ensure_ascii=False)`) with every unsafe character that
    `json` leaves raw (DEL, C1, format characters, lone surrogates) written as a `\\uXXXX`
    escape instead: the same JSON value, safe on a terminal, exact for a script.

    Sound because JSON's own syntax is ASCII: any such character can only be inside a string,
    where a `\\u` escape means the very same character."""
    if dumped.isprintable():
        return dumped
    return _NOT_PLAIN_ASCII.sub(_json_escape_run, dumped)


def _shell_bytes(run: str) -> str:
    # Bytes, not `\u` escapes: bash spells those out literally under a non-UTF-8 locale.
    data = run.encode("utf-8", "surrogatepass")
    return "".join(f"\\x{byte:02x}" for byte in data)


def printable_shell(line: str) -> str:
    """A shell command line (its words quoted by `shlex.quote`) with every unsafe character
    moved into an ANSI-C quoted piece — `'ab'$'\\x1b''cd'`, UTF-8 bytes for the others — so
    that the line shows nothing raw on a terminal and still passes the very same bytes when
    pasted into bash or zsh (POSIX sh has `$'…'` only since POSIX.1-2024).

    Quotes are tracked so the piece is spliced in correctly wherever the character is: inside
    single quotes (what `shlex.quote` makes of anything unusual), double quotes, or bare."""
    if line.isprintable():
        return line
    out: list[str] = []
    quote = ""  # "'", '"' or "" (outside quotes)
    index = 0
    while index < len(line):
        char = line[index]
        if is_unsafe(char):
            run_end = index
            while run_end < len(line) and is_unsafe(line[run_end]):
                run_end += 1
            piece = "$'" + _shell_bytes(line[index:run_end]) + "'"
            # Close the current quoting, add the ANSI-C piece, reopen: the shell joins them.
            out.append(f"{quote}{piece}{quote}")
            index = run_end
            continue
        if quote == "" and char in "'\"":
            quote = char
        elif char == quote:
            quote = ""
        elif quote != "'" and char == "\\" and index + 1 < len(line):
            # A backslash outside single quotes escapes the next character: copy both.
            out.append(char)
            index += 1
            char = line[index]
        out.append(char)
        index += 1
    return "".join(out)
