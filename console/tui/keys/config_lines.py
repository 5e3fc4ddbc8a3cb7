"""Where each entry of the `[keybindings]` table is in the config file's text, so a notice about
one names its line. tomllib gives values, not positions; this reads the lines themselves.

Understood: `[table]` and `[[table]]` headers, `key = value` lines with bare, quoted and dotted
keys (`worklist.next = "j"`, `"worklist.next" = "j"`, `[keybindings.worklist]` then
`next = "j"`), an inline table (`worklist = { next = "j" }`: its entries get its line),
comments, and multi-line strings (skipped). It only locates: the file was parsed already.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

TABLE: Final = "keybindings"
_BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_MULTILINE_QUOTES: Final = ('"""', "'''")


def _key_parts(text: str) -> tuple[list[str], str] | None:
    """A dotted key at the start of `text` and what follows it, or None if there is none."""
    parts: list[str] = []
    rest = text.lstrip()
    while True:
        if rest[:1] in ('"', "'"):
            quote = rest[0]
            end = rest.find(quote, 1)
            while quote == '"' and end > 0 and rest[end - 1] == "\\":
                end = rest.find(quote, end + 1)
            if end < 0:
                return None
            parts.append(rest[1:end])  # escapes kept as written: ids have none
            rest = rest[end + 1 :].lstrip()
        else:
            match = _BARE.match(rest)
            if match is None:
                return None
            parts.append(match.group())
            rest = rest[match.end() :].lstrip()
        if not rest.startswith("."):
            return parts, rest
        rest = rest[1:].lstrip()


def _inline_keys(value: str) -> Iterator[list[str]]:
    """The keys of an inline table `{ a = "x", b.c = "y" }` (one level is enough here)."""
    body = value.strip()
    if not body.startswith("{"):
        return
    for piece in body.strip("{} \t").split(","):
        found = _key_parts(piece)
        if found is not None and found[1].startswith("="):
            yield found[0]


@dataclass
class KeyLines:
    """Binding id (as the file writes it, dotted) → line, and the table's own header line."""

    lines: dict[str, int] = field(default_factory=dict)
    table_line: int | None = None

    def line_of(self, binding_id: str) -> int | None:
        """The entry's line; for one in an inline table, that table's line; else the header's."""
        if binding_id in self.lines:
            return self.lines[binding_id]
        parts = binding_id.split(".")
        for end in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in self.lines:
                return self.lines[prefix]
        return self.table_line


def keybinding_lines(text: str) -> KeyLines:
    found = KeyLines()
    table: list[str] = []
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_string is not None:
            if stripped.count(in_string) % 2 == 1:
                in_string = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            header = stripped.lstrip("[")
            parsed = _key_parts(header)
            table = parsed[0] if parsed is not None else []
            if table == [TABLE] and found.table_line is None:
                found.table_line = number
            continue
        parsed = _key_parts(stripped)
        if parsed is None or not parsed[1].startswith("="):
            continue
        keys, rest = parsed
        value = rest[1:].strip()
        for quote in _MULTILINE_QUOTES:
            if value.startswith(quote) and value.count(quote) == 1:
                in_string = quote
        path = [*table, *keys]
        if path[:1] != [TABLE]:
            continue
        if len(path) == 1:  # keybindings = { … } at the top level
            found.table_line = found.table_line or number
            entries = [[*path, *inner] for inner in _inline_keys(value)]
        else:
            entries = [path, *([*path, *inner] for inner in _inline_keys(value))]
        for entry in entries:
            found.lines.setdefault(".".join(entry[1:]), number)
    return found
