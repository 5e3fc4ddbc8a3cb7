"""The whole command line, fuzzed: arbitrary strings in every flag and argument of every
command, run in this process through `console.cli.main.main(argv)`.

Two properties, for any input: the exit code is never 70 (an internal error, a bug), and a
usage error (exit code 2) sends nothing — the default environment is a hostile loopback server
that counts every request. Values that are valid go where they lead, which is the point of
the other tests; here a valid `--base-url` is pointed at the same counting server, so that the
fuzz never reaches out to whatever host hypothesis happened to spell.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.cli.main import main
from console.payments.urls import BaseUrl, BaseUrlRejected
from console.settings.memory_keyring import MemoryKeyring
from tests.hostile_server import HOSTILE_KEY, HostileServer

INTERNAL_ERROR = 70
USAGE = 2

# Characters of every kind: letters of any script, controls, NUL, and lone surrogates (what a
# shell hands over for bytes that are not UTF-8), with the ones URLs and numbers are made of.
CHARACTERS = st.one_of(
    st.characters(exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.sampled_from("\x1b\x00\x07\n\t /:?#[]@%.-_+eE0123456789"),
)
TEXT = st.text(CHARACTERS, max_size=40)
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(["inf", "-inf", "nan", "1e400", str(2**63), str(2**70), "9" * 5000, "-0"]),
)
URLS = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["http://", "https://", "ftp://", "", "HTTP://", "http:/"]),
    st.one_of(st.sampled_from(["127.0.0.1", "[::1]", "[::1", "bücher.de", "a b", "u:p@h"]), TEXT),
    st.sampled_from(["", ":0", ":1", ":99999", ":x", ":"]),
    st.one_of(st.sampled_from(["/", "/?q", "/#f", "/" + "p" * 5000]), TEXT),
)
AGES = st.builds(
    "{}{}".format, st.integers(min_value=-1, max_value=10**30), st.sampled_from("mhdw")
)
NAMES = st.sampled_from(["hostile", "production", "qa", "custom", "Staging", "", " ", "a" * 33])
VALUES = st.one_of(TEXT, NUMBERS, URLS, AGES, NAMES)


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]
    positionals: tuple[str, ...] = ()
    """Valid defaults, each replaced by a fuzzed value in some examples."""
    options: tuple[str, ...] = ()
    """Flags that take a value."""
    switches: tuple[str, ...] = ()


TARGET = ("--env", "--base-url", "--note", "--timeout", "--connect-timeout")
STORE = ("--store", "--product-id", "--currency")
FILTERS = ("--env", "--token", "--order-id", "--ticket", "--since", "--action", "--outcome")
FIELDS = ("--base-url", "--label", "--colour", "--timeout", "--default-store")
TOKEN = "hostile-token"

COMMANDS = {
    "verify": Command(("verify",), (TOKEN,), TARGET + STORE, ("--json", "--as-token")),
    "identify": Command(("identify",), (TOKEN,), (), ("--json",)),
    "consume": Command(
        ("consume",),
        (TOKEN,),
        (*TARGET, *STORE, "--developer-payload"),
        ("--yes", "--json", "--dry-run", "--force"),
    ),
    "acknowledge": Command(
        ("acknowledge",), (TOKEN,), TARGET + STORE, ("--yes", "--json", "--dry-run", "--force")
    ),
    "explain": Command(("explain",), ("3901",), (), ("--json",)),
    "env list": Command(("env", "list"), (), (), ("--json",)),
    "env show": Command(("env", "show"), ("hostile",), (), ("--json",)),
    "env add": Command(("env", "add"), ("qa",), FIELDS, ("--production", "--read-only")),
    "env edit": Command(("env", "edit"), ("qa",), (*FIELDS, "--clear"), ("--no-read-only",)),
    "env remove": Command(("env", "remove"), ("qa",)),
    "env use": Command(("env", "use"), ("qa",)),
    "key set": Command(("key", "set"), ("qa",)),
    "key delete": Command(("key", "delete"), ("qa",)),
    "key status": Command(("key", "status"), (), (), ("--json",)),
    "history": Command(("history",), (), (*FILTERS, "--limit"), ("--json",)),
    "history list": Command(("history", "list"), (), (*FILTERS, "--limit"), ("--json",)),
    "history show": Command(("history", "show"), ("1",), (), ("--json",)),
    "history note": Command(("history", "note"), ("1", "ZD-1")),
    "history export": Command(("history", "export"), (), (*FILTERS, "--limit", "--format")),
    "history resolve": Command(("history", "resolve"), (), ("--min-age",)),
    "sandbox orders": Command(("sandbox", "orders"), (), (), ("--json",)),
    "open the console": Command((), (), ("--env", "--token", "--tokens")),
}


@st.composite
def command_lines(draw: st.DrawFn, command: Command) -> tuple[list[str], str]:
    """An argv for `command` with some values fuzzed, and the text for standard input."""
    options = (
        draw(st.lists(st.sampled_from(command.options), unique=True, max_size=3))
        if command.options
        else []
    )
    argv = list(command.words)
    # `--flag=value`: a value starting with "-" reaches the flag's check, not argparse's.
    argv += [f"{flag}={draw(VALUES)}" for flag in options]
    argv += (
        draw(st.lists(st.sampled_from(command.switches), unique=True)) if command.switches else []
    )
    positionals = [draw(st.one_of(st.just(value), VALUES)) for value in command.positionals]
    if positionals:
        argv += ["--", *positionals]
    return argv, draw(st.one_of(st.just(HOSTILE_KEY + "\n"), VALUES))


@dataclass
class Home:
    server: HostileServer
    url: str


@pytest.fixture
def home(tmp_path: Path, hostile: HostileServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'default_environment = "hostile"\n[environments.hostile]\nbase_url = "{hostile.url}"\n'
        f'[environments.qa]\nbase_url = "{hostile.url}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("NOWGG_CONSOLE_CONFIG", str(config))
    monkeypatch.setenv("NOWGG_CONSOLE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("NOWGG_CONSOLE_API_KEY_HOSTILE", HOSTILE_KEY)
    monkeypatch.setenv("NOWGG_CONSOLE_API_KEY_QA", HOSTILE_KEY)
    monkeypatch.setenv("NOWGG_CONSOLE_API_KEY", HOSTILE_KEY)
    monkeypatch.setenv("NO_COLOR", "1")
    for variable in ("NOWGG_CONSOLE_ENV", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)
    # `key set` and `key delete` must not touch the real keyring of the machine.
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield Home(hostile, hostile.url)
    finally:
        keyring.set_keyring(previous)


def _hermetic(argv: list[str], url: str) -> list[str]:
    """A valid `--base-url` leads to the counting server, not to a host hypothesis spelled."""
    hermetic = []
    for argument in argv:
        if argument.startswith("--base-url="):
            try:
                BaseUrl.parse(argument.removeprefix("--base-url="))
                argument = f"--base-url={url}"
            except BaseUrlRejected:
                pass
        hermetic.append(argument)
    return hermetic


def run_main(argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved_stdin
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_input_is_an_internal_error_and_a_usage_error_sends_nothing(
    home: Home, name: str
) -> None:
    @settings(
        max_examples=40,
        deadline=None,
        # One server and one home for all examples, on purpose: they only accumulate.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(command_lines(COMMANDS[name]))
    def check(line: tuple[list[str], str]) -> None:
        drawn, stdin = line
        argv = _hermetic(drawn, home.url)
        before = len(home.server.requests)
        code, out, err = run_main(argv, stdin)
        assert code != INTERNAL_ERROR, f"{argv!r}\n{err}"
        assert "Traceback" not in out + err
        if code == USAGE:
            assert len(home.server.requests) == before, f"sent on a usage error: {argv!r}"

    check()


# What a variable can hold: anything but NUL, and the lone surrogates U+DC80..U+DCFF in which
# Python hands over bytes of the environment that are not UTF-8.
VARIABLE_CHARACTERS = st.one_of(
    st.characters(codec="utf-8", exclude_characters="\x00"),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
    st.sampled_from("\x1b\x07\n\t -_"),
)
VARIABLE_VALUES = st.one_of(
    st.text(VARIABLE_CHARACTERS, max_size=40),
    NAMES,
    st.sampled_from(["clé-hostile-0000", HOSTILE_KEY + "\n", " " + HOSTILE_KEY, "\x1b[31m"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(["NOWGG_CONSOLE_ENV", "NOWGG_CONSOLE_API_KEY_HOSTILE"]),
    VARIABLE_VALUES,
    st.sampled_from(
        [("verify", TOKEN), ("consume", TOKEN, "--yes"), ("history",), ("env", "list")]
    ),
)
def test_no_variable_value_is_an_internal_error_and_a_usage_error_sends_nothing(
    home: Home, variable: str, value: str, argv: tuple[str, ...]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(variable, value)
        before = len(home.server.requests)
        code, out, err = run_main(list(argv), "")
    assert code != INTERNAL_ERROR, f"{variable}={value!r} {argv!r}\n{err}"
    assert "Traceback" not in out + err
    if code == USAGE:
        assert len(home.server.requests) == before, f"sent on a usage error: {value!r}"
