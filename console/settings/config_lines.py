"""Where in the config file a key is written, so a problem names its line, not only its key.

The schema (config_schema.py) judges the parsed document, which has no positions; this reads
the text once more, line by line, and finds the line of a dotted key path such as
`environments.staging.base_url`, however it was written: under `[environments.staging]`,
under `[environments]` as `staging.base_url = …`, or as one dotted key at the top. A path
that is a table is found at its header, or at its first key. Best effort: a line found is
right; a key it cannot find (written in an inline table) is left without a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from .config_problems import ConfigProblem

_HEADER: Final = re.compile(r"^\s*\[\[?\s*(?P<path>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY: Final = re.compile(
    r"^\s*(?P<key>(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
    r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'))*)\s*="
)


def split_key(text: str) -> tuple[str, ...]:
    """`a."b.c".d` → ("a", "b.c", "d"): a dotted key's parts, quotes removed."""
    parts: list[str] = []
    current = ""
    quote: str | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\" and quote == '"' and index + 1 < len(text):
                current += text[index + 1]
                index += 2
                continue
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
        index += 1
    parts.append(current.strip())
    return tuple(parts)


def line_of(text: str, path: Sequence[str]) -> int | None:
    """The 1-based line where the key (or table) `path` is written in `text`; None when not
    found."""
    wanted = tuple(path)
    table: tuple[str, ...] = ()
    first_inside: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = split_key(header.group("path"))
            if table == wanted:
                return number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        full = table + split_key(key.group("key"))
        if full == wanted:
            return number
        if first_inside is None and full[: len(wanted)] == wanted:
            first_inside = number
    return first_inside


def with_lines(problems: Sequence[ConfigProblem], text: str) -> tuple[ConfigProblem, ...]:
    """Each problem with the line of its key filled in, where the file shows it."""
    found = []
    for problem in problems:
        if problem.line is None and problem.key is not None:
            line = line_of(text, split_key(problem.key))
            if line is not None:
                problem = replace(problem, line=line)
        found.append(problem)
    return tuple(found)
