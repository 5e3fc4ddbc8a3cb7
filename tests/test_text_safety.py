"""What a terminal may be given of outside text: every control and format character as a
visible escape, ordinary text of any script as it is, JSON still exact, a shell line still the
same command."""

from __future__ import annotations

import json
import shlex
import subprocess
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from console.text_safety import (
    UNSAFE_CATEGORIES,
    has_unsafe,
    printable,
    printable_lines,
    printable_shell,
    terminal_safe_json,
)

# What the hostile replies of issue 7 carried: a window title, a screen clear, a C1 CSI, a
# right-to-left override, a zero-width space, a BOM, a line separator, a lone surrogate.
HOSTILE = "a\x1b]0;PWNED\x07b\x1b[2J\x9b31m\u202e\u200b\ufeff\u2028\ud800z"


def test_escapes_are_shown_as_their_names() -> None:
    assert printable(HOSTILE) == (
        "a\\x1b]0;PWNED\\x07b\\x1b[2J\\x9b31m\\u202e\\u200b\\ufeff\\u2028\\ud800z"
    )
    assert printable("line 1\nConsumption  1 · Consumed\r\t") == (
        "line 1\\nConsumption  1 · Consumed\\r\\t"
    )
    assert printable("tag \U000e0041") == "tag \\U000e0041"


def test_ordinary_text_of_any_script_is_untouched() -> None:
    for text in ("1-2024103006080100000000001", "商品 · 中国", "café ✓ 👍", "[bold]x[/]", ""):
        assert printable(text) == text
        assert not has_unsafe(text)


def test_exactly_the_unsafe_categories_are_escaped() -> None:
    # Every code point, against this Python's Unicode database: nothing unsafe slips through
    # and nothing else is touched.
    for code in range(0x110000):
        char = chr(code)
        unsafe = unicodedata.category(char) in UNSAFE_CATEGORIES
        shown = printable(char)
        if unsafe:
            assert shown.isascii() and shown.isprintable() and shown.startswith("\\"), hex(code)
        else:
            assert shown == char, hex(code)


def test_a_document_keeps_its_lines_and_escapes_the_rest() -> None:
    document = "| 1 | a\x1b[31mb |\r\n| 2 | c\rd\u202e |\n\tend"
    assert printable_lines(document) == "| 1 | a\\x1b[31mb |\r\n| 2 | c\\rd\\u202e |\n\tend"


@given(st.text())
def test_printable_is_printable_and_idempotent(text: str) -> None:
    shown = printable(text)
    assert not has_unsafe(shown)
    assert printable(shown) == shown
    assert printable_lines(shown) == shown


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values, st.sampled_from([None, 2]))
def test_json_for_a_terminal_is_the_same_json(value: object, indent: int | None) -> None:
    dumped = terminal_safe_json(json.dumps(value, ensure_ascii=False, indent=indent))
    assert json.loads(dumped) == value
    assert not any(has_unsafe(line) for line in dumped.split("\n"))


def test_json_escapes_what_json_itself_leaves_raw() -> None:
    value = {"codeMsg": HOSTILE + "\x7f\U000e0041"}
    dumped = terminal_safe_json(json.dumps(value, ensure_ascii=False))
    assert "\\u009b" in dumped and "\\u202e" in dumped and "\\udb40\\udc41" in dumped
    assert json.loads(dumped) == value


def _arguments(line: str) -> bytes:
    """What bash passes to the command of `line` (its first word replaced by a printer)."""
    script = 'printer() { printf "%s\\0" "$@"; }; printer ' + line.split(" ", 1)[1]
    done = subprocess.run(["bash", "-c", script], capture_output=True, env={}, check=True)
    return done.stdout


# No NUL (no shell passes one) and no lone surrogate (no process argument can hold one).
_shell_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


@settings(max_examples=40, deadline=None)
@given(st.lists(_shell_text, min_size=1, max_size=3))
def test_a_shell_line_stays_the_same_command(words: list[str]) -> None:
    line = "curl " + " ".join(shlex.quote(word) for word in words) + ' "$NOWGG_X"'
    safe = printable_shell(line)
    assert not has_unsafe(safe)
    assert _arguments(safe) == _arguments(line)


def test_a_payload_with_escapes_becomes_ansi_c_pieces() -> None:
    line = "curl --data-urlencode " + shlex.quote("developerPayload=a\x1b]0;x\x07b")
    assert printable_shell(line) == (
        "curl --data-urlencode 'developerPayload=a'$'\\x1b'']0;x'$'\\x07''b'"
    )
