"""Parsing the TOML of a file the user wrote (the config file, a theme), with limits.

tomllib parses nested arrays and inline tables by recursion: a few hundred levels raise
`RecursionError`, which is no `TOMLDecodeError` and used to end every command. Dotted keys
(`a.a.a… = 1`) nest without recursion and build a document deep enough to break whatever walks
it next (a copy, a `repr`). And a number of more than 4300 digits makes `int()` raise a plain
`ValueError`. Each of these is turned into a `TomlRefused` saying where, before or after
tomllib, so that a file is either a document of sane shape or a reason.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any, Final

MAX_NESTING: Final = 16
"""Levels of tables and arrays; the deepest the console reads is 3 (environments.NAME.key)."""
_OPENERS: Final = "[{"
_CLOSERS: Final = "]}"


class TomlRefused(Exception):
    """A file that is valid-looking TOML of a shape no settings file has."""

    def __init__(self, found: str, *, line: int | None = None, key: str | None = None) -> None:
        super().__init__(found)
        self.found = found
        self.line = line
        self.key = key


def parse_toml(text: str) -> dict[str, Any]:
    """The document in `text`. Raises `tomllib.TOMLDecodeError` for a syntax error (with its
    position) and `TomlRefused` for nesting deeper than `MAX_NESTING` or a number too long."""
    line = _first_line_too_deep(text)
    if line is not None:
        raise TomlRefused(f"arrays or tables nested more than {MAX_NESTING} deep", line=line)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:  # the scan above should make this impossible; never a crash
        raise TomlRefused(f"arrays or tables nested more than {MAX_NESTING} deep") from None
    except ValueError:
        raise TomlRefused("a number with thousands of digits") from None
    deep = _path_too_deep(document)
    if deep is not None:
        raise TomlRefused(
            f"keys nested more than {MAX_NESTING} deep", key=".".join(deep[:4]) + ".…"
        )
    return document


def _first_line_too_deep(text: str) -> int | None:
    """The line where brackets and braces (outside strings and comments) open more than
    `MAX_NESTING` levels, or None. A linear scan, so it cannot recurse itself."""
    depth = 0
    line = 1
    for char, number in _structural_chars(text):
        line = number
        if char in _OPENERS:
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
    return None


def _structural_chars(text: str) -> Iterator[tuple[str, int]]:
    """Every `[ ] { }` outside strings and comments, with its line number."""
    index, line, length = 0, 1, len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif char in "\"'":
            triple = text.startswith(char * 3, index)
            quote = char * 3 if triple else char
            index += len(quote)
            while index < length and not text.startswith(quote, index):
                if text[index] == "\\" and char == '"':
                    index += 1  # an escaped character, quote or not
                if index < length and text[index] == "\n":
                    if not triple:
                        break  # an unterminated one-line string: tomllib will say so
                    line += 1
                index += 1
            else:
                index += len(quote)
            continue
        elif char in _OPENERS or char in _CLOSERS:
            yield char, line
        index += 1


def _path_too_deep(document: dict[str, Any]) -> list[str] | None:
    """The key path of a value nested deeper than `MAX_NESTING`, or None (no recursion)."""
    stack: list[tuple[object, list[str]]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_NESTING:
            return path
        if isinstance(value, dict):
            stack.extend((item, [*path, str(key)]) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, [*path, f"[{index}]"]) for index, item in enumerate(value))
    return None
