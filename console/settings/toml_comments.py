"""Whether a TOML text has a comment, so a rewrite (tomli-w drops comments) keeps a backup.

A plain `"#" in text` would be wrong both ways: `colour = "#ff8800"` is no comment. This scans
the text as TOML does, skipping the four kinds of string, and only for a file that already
parsed (the writer never touches a broken file), so it may rely on the text being valid.
"""

from __future__ import annotations


def _end_of_multiline(text: str, start: int, quote: str, escapes: bool) -> int:
    """The index just past the closing triple quote of a string whose content starts at
    `start`. Up to two extra quotes before the delimiter belong to the content."""
    delimiter = quote * 3
    i = start
    while i < len(text):
        if escapes and text[i] == "\\":
            i += 2
            continue
        if text.startswith(delimiter, i):
            end = i + 3
            extra = 0
            while extra < 2 and end < len(text) and text[end] == quote:
                end += 1
                extra += 1
            return end
        i += 1
    return len(text)


def _end_of_line_string(text: str, start: int, quote: str, escapes: bool) -> int:
    i = start
    while i < len(text) and text[i] != "\n":
        if escapes and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return i


def has_comments(text: str) -> bool:
    i = 0
    while i < len(text):
        char = text[i]
        if char == "#":
            return True
        if char in "\"'":
            escapes = char == '"'
            if text.startswith(char * 3, i):
                i = _end_of_multiline(text, i + 3, char, escapes)
            else:
                i = _end_of_line_string(text, i + 1, char, escapes)
            continue
        i += 1
    return False
