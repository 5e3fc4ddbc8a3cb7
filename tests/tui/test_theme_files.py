"""Theme files the user's themes folder may hold: whatever sits at a `*.toml` path is read at
once or skipped with a notice naming it (printably) — never waited on, never read whole, never
a crash — and the good themes beside it still load."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from console.tui.themes import LoadedThemes, load_themes

GOOD = 'primary = "#4C9AFF"\n'
DEADLINE_S = 30.0


def load_within_deadline(directory: Path) -> LoadedThemes:
    found: list[LoadedThemes] = []
    worker = threading.Thread(target=lambda: found.append(load_themes([directory])), daemon=True)
    worker.start()
    worker.join(DEADLINE_S)
    assert not worker.is_alive(), "loading the themes blocked"
    return found[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_every_broken_theme_is_a_notice_and_the_good_one_loads(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "good.toml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(themes / "pipe.toml")
    (themes / "folder.toml").mkdir()
    (themes / "huge.toml").write_text(GOOD + ("# " + "x" * 1000 + "\n") * 300, encoding="utf-8")
    (themes / "latin1.toml").write_bytes(b'primary = "#4C9AFF"\nname = "caf\xe9"\n')
    (themes / "arrays.toml").write_text(GOOD + "x = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    (themes / "tables.toml").write_text(
        GOOD + "x = " + "{a=" * 400 + "1" + "}" * 400, encoding="utf-8"
    )
    (themes / "dotted.toml").write_text(GOOD + ".".join(["v"] * 2000) + " = 1\n", encoding="utf-8")
    (themes / "digits.toml").write_text(
        GOOD + "text_alpha = " + "9" * 5000 + "\n", encoding="utf-8"
    )
    (themes / "escape.toml").write_text(
        'primary = "#4C9AFF"\nname = "\\u001b]0;pwned\\u0007"\n', encoding="utf-8"
    )
    (themes / "\x1b[31mred.toml").write_text(GOOD + "nope = 1\n", encoding="utf-8")

    loaded = load_within_deadline(themes)

    assert loaded.names == ("good",)
    notices = "\n".join(loaded.notices)
    assert "\x1b" not in notices  # neither a file name nor a value is played to the terminal
    expected = {
        "pipe.toml": "it is a named pipe, not a regular file",
        "folder.toml": "it is a directory, not a regular file",
        "huge.toml": "it is larger than 256 KiB",
        "latin1.toml": "is not UTF-8 text (line 2)",
        "arrays.toml": "arrays or tables nested more than 16 deep (line 2)",
        "tables.toml": "arrays or tables nested more than 16 deep (line 2)",
        "dotted.toml": "keys nested more than 16 deep (v.v.v.v.…)",
        "digits.toml": "a number with thousands of digits",
        "escape.toml": r"name '\x1b]0;pwned\x07' must be printable",
        r"\x1b[31mred.toml": "unknown key nope",
    }
    assert len(loaded.notices) == len(expected)
    for name, says in expected.items():
        assert any(name in notice and says in notice for notice in loaded.notices), (name, notices)
