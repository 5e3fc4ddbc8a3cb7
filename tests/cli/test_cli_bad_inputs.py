"""Bad command-line values, as a user types them: each is refused with exit code 2 and one
line naming the flag and the value (made printable), and nothing is sent.

The default environment here is a hostile loopback server that counts every request, so a
value that silently fell back to the default (`--env ""`) would show up as a request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from tests.cli.cli_runner import CliRunner, Run
from tests.hostile_server import HOSTILE_KEY, HostileServer

HUGE = str(2**70)


@pytest.fixture
def hostile_default(tmp_path: Path, hostile: HostileServer) -> HostileServer:
    """The `cli` fixture's config file, with the hostile server as the default environment."""
    config = tmp_path / "config" / "nowgg-console" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'default_environment = "hostile"\n[environments.hostile]\nbase_url = "{hostile.url}"\n',
        encoding="utf-8",
    )
    return hostile


@pytest.fixture
def run(cli: CliRunner, hostile_default: HostileServer) -> CliRunner:
    def runner(*args: str, stdin: str = "", **env: str) -> Run:
        env.setdefault("NOWGG_CONSOLE_API_KEY_HOSTILE", HOSTILE_KEY)
        env.setdefault("NOWGG_CONSOLE_API_KEY", HOSTILE_KEY)
        return cli(*args, stdin=stdin, **env)

    return runner


def assert_refused(result: Run, says: str) -> None:
    assert result.code == 2, result.out + result.err
    assert says in result.err, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert "\x1b" not in result.err  # the value is shown, never played to the terminal
    assert "S3CRET" not in result.err  # except a password in a URL, which is not shown at all
    assert len(result.err) < 1500  # a 100 KB value is shown cut short


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # --base-url: once accepted by one check and refused by the next (exit 70).
        (
            ["--base-url", "http://a b/"],
            "--base-url 'http://a b/' cannot be used: it has no valid host",
        ),
        (["--base-url", "http://user:S3CRET@host/"], "must not carry a user name or password"),
        (["--base-url", "http://host/?q=1"], "must not have a ?query or #fragment"),
        (["--base-url", "http://host/#top"], "must not have a ?query or #fragment"),
        (["--base-url", "http://[::1/"], "its IPv6 address lacks the closing ]"),
        (["--base-url", "http://[zz]/"], "it is not a well-formed URL"),
        (["--base-url", "http://host:99999/"], "port 99999 is not a port number (1 to 65535)"),
        (["--base-url", "http://bücher.de/"], "write its ASCII form xn--bcher-kva.de"),
        (["--base-url", "http://host/" + "p" * 100_000], "longer than 2048 characters"),
        (["--base-url", "http://host/\x1b]0;pwned\x07"], r"'http://host/\x1b]0;pwned\x07'"),
        # Empty values are not defaults (the default here is a real server, which would count).
        (["--base-url", ""], "--base-url '' cannot be used: it is empty"),
        (["--env", ""], "--env is empty: name an environment (see `env list`)"),
        (["--env", "  "], "--env is empty"),
        # Timeouts: inf, 1e400 and nan reached the client and failed there (exit 70).
        (
            ["--timeout", "inf"],
            "--timeout 'inf' is not a number of seconds above 0 and at most 300",
        ),
        (["--timeout", "1e400"], "--timeout '1e400' is not a number of seconds"),
        (["--timeout", "nan"], "--timeout 'nan' is not a number of seconds"),
        (["--timeout", "301"], "at most 300"),
        (["--timeout=-1"], "--timeout '-1'"),
        (["--connect-timeout", "inf"], "--connect-timeout 'inf' is not a number of seconds"),
    ],
)
@pytest.mark.parametrize("command", ["verify", "consume"])
def test_a_bad_target_is_refused_before_anything_is_sent(
    run: CliRunner, hostile_default: HostileServer, command: str, args: list[str], says: str
) -> None:
    extra = ["--yes"] if command == "consume" else []
    assert_refused(run(command, "sbx-paid-unconsumed-0001", *args, *extra), says)
    assert hostile_default.requests == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["history", "--limit", HUGE], f"--limit '{HUGE}' is not a whole number from 1 to 1000000"),
        (["history", "list", "--limit", "0"], "--limit '0' is not a whole number from 1"),
        (["history", "--since", "99999999999d"], "reaches back more than 100 years"),
        (["history", "--since", "0001-01-01T00:00+05:00"], "outside the years 1 to 9999"),
        (["history", "show", HUGE], f"the id '{HUGE}' is not an entry's id"),
        (["history", "note", HUGE, "x"], f"the id '{HUGE}' is not an entry's id"),
        (["history", "show", "9" * 5000], "is not an entry's id"),
        (["history", "resolve", "--min-age", "nan"], "--min-age 'nan' is not a number of seconds"),
        (["history", "resolve", "--min-age", "inf"], "--min-age 'inf'"),
        (["history", "resolve", "--min-age=-1"], "--min-age '-1'"),
        (["history", "--env", ""], "--env is empty"),
        (["history", "export", "--ticket", ""], "--ticket is empty: give what to look for"),
        (["history", "--token", " "], "--token is empty"),
        (["env", "add", "qa", "--base-url", "http://a b/"], "--base-url 'http://a b/' cannot"),
        (["env", "add", "qa", "--base-url", "http://qa/", "--timeout", "nan"], "--timeout 'nan'"),
        (["env", "add", "qa", "--base-url", "http://qa/", "--colour", "\x1b[31m"], r"'\x1b[31m'"),
        (["env", "show", "\x1b]0;x\x07"], r"the name '\x1b]0;x\x07' is no environment's name"),
        (["key", "delete", ""], "the environment's name is empty"),
        (["sandbox", "serve", "--port", "99999"], "--port '99999' is not a port number"),
        (["sandbox", "serve", "--delay-ms", "nan"], "--delay-ms 'nan' is not a number of"),
        (["sandbox", "serve", "--host", ""], "--host '' is not an address to listen on"),
        (["--env", ""], "--env is empty"),  # opening the console
        (["verify", "\udcff"], r"argument 2 '\udcff' is not text"),  # a byte that is not UTF-8
    ],
)
def test_every_other_bad_value_is_a_usage_error_naming_flag_and_value(
    run: CliRunner, hostile_default: HostileServer, tmp_path: Path, args: list[str], says: str
) -> None:
    assert_refused(run(*args), says)
    assert hostile_default.requests == []
    # `env add` with a bad value wrote nothing: the file is the one the fixture wrote.
    config = tmp_path / "config" / "nowgg-console" / "config.toml"
    assert "qa" not in config.read_text(encoding="utf-8")


def test_an_empty_env_variable_is_unset_but_blanks_are_refused(
    run: CliRunner, hostile_default: HostileServer
) -> None:
    # Exactly empty is how a shell unsets a variable for one command: the default is used.
    unset = run("verify", "sbx-paid-unconsumed-0001", NOWGG_CONSOLE_ENV="")
    assert unset.code == 0, unset.out + unset.err
    assert len(hostile_default.requests) == 1
    blank = run("verify", "sbx-paid-unconsumed-0001", NOWGG_CONSOLE_ENV=" ")
    assert_refused(blank, "NOWGG_CONSOLE_ENV is empty: name an environment")
    assert len(hostile_default.requests) == 1


def test_a_non_ascii_key_in_the_variable_is_refused_unsent_and_unshown(
    run: CliRunner, hostile_default: HostileServer
) -> None:
    key = "clé-hostile-0000-9f8e"
    result = run("verify", "sbx-paid-unconsumed-0001", NOWGG_CONSOLE_API_KEY_HOSTILE=key)
    assert result.code == 2, result.out + result.err
    assert "the key in NOWGG_CONSOLE_API_KEY_HOSTILE is unusable" in result.out
    assert "ASCII only" in result.out
    assert "internal error" not in result.err
    assert key not in result.out + result.err
    assert hostile_default.requests == []


def test_key_set_refuses_a_non_ascii_key_and_stores_nothing(
    run: CliRunner, real_keyring: KeyringBackend
) -> None:
    result = run("key", "set", "hostile", stdin="clé-hostile-0000-9f8e\n")
    assert_refused(result, "that is not a usable key: an API key is ASCII only")
    assert "clé-hostile" not in result.out + result.err
    assert real_keyring.get_password("nowgg-console", "hostile") is None
