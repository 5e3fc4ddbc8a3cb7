"""A config file that is not what a config file should be: whatever sits at the path, the
console reads it at once (a named pipe is never waited on, a device never read), and anything
but a sane settings file is ignored as a whole with a problem naming the file and the line or
key — the built-ins load, and no write touches the file."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from console.settings.config import LoadedSettings, load_settings
from console.settings.config_edit import EnvironmentFields, add_environment
from console.settings.config_problems import ConfigFileBroken
from console.settings.environments import BUILTIN_ENVIRONMENTS

# A reader that blocks would hang the test run; a thread and a generous deadline turn that
# into a failure instead. Nothing here waits for the deadline when the code is right.
DEADLINE_S = 30.0


def load_within_deadline(path: Path) -> LoadedSettings:
    found: list[LoadedSettings] = []
    worker = threading.Thread(target=lambda: found.append(load_settings(path)), daemon=True)
    worker.start()
    worker.join(DEADLINE_S)
    assert not worker.is_alive(), f"reading {path} blocked"
    return found[0]


def assert_ignored_as_a_whole(loaded: LoadedSettings, *, says: str) -> None:
    assert loaded.ignored and loaded.file_exists
    assert loaded.environments == BUILTIN_ENVIRONMENTS
    assert loaded.default_environment == "sandbox"
    message = loaded.ignored_message()
    assert message is not None
    assert str(loaded.path) in message and says in message, message
    assert "\x1b" not in message


def named_pipe(path: Path) -> None:
    os.mkfifo(path)


def directory(path: Path) -> None:
    path.mkdir()


def huge_file(path: Path) -> None:
    # 2 MiB of comments: valid TOML, but no config file is that big.
    path.write_text(("# " + "x" * 1000 + "\n") * 2100, encoding="utf-8")


def not_utf8(path: Path) -> None:
    path.write_bytes(b'[environments.qa]\nlabel = "caf\xe9"\n')


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize(
    ("make", "says"),
    [
        pytest.param(named_pipe, "it is a named pipe, not a regular file", id="fifo"),
        pytest.param(directory, "it is a directory, not a regular file", id="directory"),
        pytest.param(huge_file, "it is larger than 1 MiB", id="huge"),
        pytest.param(not_utf8, "line 2: found bytes that are not UTF-8", id="not-utf8"),
    ],
)
def test_what_sits_at_the_path_is_found_without_reading_it_blindly(
    tmp_path: Path, make: Callable[[Path], None], says: str
) -> None:
    path = tmp_path / "config.toml"
    make(path)
    assert_ignored_as_a_whole(load_within_deadline(path), says=says)
    # And a write refuses the file as it is, rather than replacing a pipe or a directory.
    with pytest.raises(ConfigFileBroken):
        add_environment(path, "qa", EnvironmentFields(base_url="http://127.0.0.1:1/"))


def test_a_device_is_never_read(tmp_path: Path) -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    # Reading /dev/zero "whole" never ends and fills memory.
    assert_ignored_as_a_whole(load_within_deadline(zero), says="it is a device")


NESTED_ARRAYS = 'default_environment = "sandbox"\n\n[ui]\nx = ' + "[" * 2000 + "]" * 2000 + "\n"
NESTED_TABLES = "[ui]\nx = " + "{a = " * 500 + "1" + "}" * 500 + "\n"
DOTTED_KEYS = "[ui]\n" + ".".join(["a"] * 3000) + " = 1\n"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        # tomllib recurses on these and used to raise RecursionError for every command.
        pytest.param(
            NESTED_ARRAYS, "line 4: found arrays or tables nested more than 16", id="arrays"
        ),
        pytest.param(
            NESTED_TABLES, "line 2: found arrays or tables nested more than 16", id="tables"
        ),
        # These parse without recursion, into a document that breaks whatever walks it next.
        pytest.param(DOTTED_KEYS, "ui.a.a.a.…: found keys nested more than 16 deep", id="dotted"),
        pytest.param(
            "[history]\nretention_days = " + "9" * 5000 + "\n",
            "found a number with thousands of digits",
            id="5000-digits",
        ),
        # Passed validation, then overflowed the history's date arithmetic in every command.
        pytest.param(
            "[history]\nretention_days = 99999999999999999\n",
            "line 2 (history.retention_days): found integer 99999999999999999; expected a whole "
            "number of days from 1 to 36500",
            id="huge-retention-days",
        ),
        pytest.param(
            "[history]\nretention_rows = 9223372036854775808\n",
            "line 2 (history.retention_rows): found integer 9223372036854775808",
            id="huge-retention-rows",
        ),
        pytest.param(
            '[environments.qa]\nbase_url = "http://127.0.0.1:1/"\ntimeout = ' + "9" * 400 + "\n",
            "line 3 (environments.qa.timeout): found integer of 1,329 bits, far beyond any setting",
            id="huge-timeout",
        ),
        pytest.param(
            '[environments.qa]\nbase_url = "http://127.0.0.1:1/"\ntimeout = 1e400\n',
            "line 3 (environments.qa.timeout): found float inf",
            id="infinite-timeout",
        ),
        pytest.param(
            '[environments.qa]\nbase_url = "http://127.0.0.1:1/\\u001b]0;pwned\\u0007"\n',
            r"found string 'http://127.0.0.1:1/\x1b]0;pwned\x07' (it holds a control or "
            "invisible character)",
            id="escape-in-url",
        ),
        pytest.param(
            '[ui]\n"\\u001b[2J" = 1\n[environments."\\u001b[31mred"]\nbase_url = "http://a/"\n',
            r"environments.'\x1b[31mred': found the name '\x1b[31mred'",
            id="escape-in-keys",
        ),
    ],
)
def test_a_file_of_no_sane_shape_is_ignored_with_where_and_what(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert_ignored_as_a_whole(load_within_deadline(path), says=says)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://a b/", "no valid host name"),
        ("http://[::1/", "lacks the closing ]"),
        ("http://host:99999/", "port 99999 is not a port number"),
        ("http://bücher.de/", "write its ASCII form xn--bcher-kva.de"),
        ("http://host/?q=1", "?query or #fragment"),
        ("http://host/" + "a" * 3000, "longer than 2048 characters"),
        ("", "it is empty"),
    ],
)
def test_a_base_url_in_the_file_meets_the_clients_own_rule(
    tmp_path: Path, url: str, why: str
) -> None:
    # The rule that once let such URLs into the file, for the client to refuse them later
    # with an internal error, is now the client's own (BaseUrl.parse).
    path = tmp_path / "config.toml"
    path.write_text(f'[environments.qa]\nbase_url = "{url}"\n', encoding="utf-8")
    loaded = load_settings(path)
    assert [problem.key for problem in loaded.problems] == ["environments.qa.base_url"]
    assert why in loaded.problems[0].found
    assert len(loaded.problems[0].found) < 200  # a 3000-character URL is shown cut short
