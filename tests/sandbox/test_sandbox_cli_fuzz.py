"""`sandbox mint|reset|advance`, fuzzed: arbitrary strings in every value, run in this process.

The project's two properties for any input (tests/cli/test_cli_fuzz.py): never exit code 70
(a bug), and a usage error (exit 2) sends nothing. Every command line is pointed at a hostile
loopback server that counts requests — by `--base-url`, or by `--env` naming an environment
of a test config whose base URL it is — never at the default `http://127.0.0.1:8765/`, where a
real sandbox of someone else's may be running.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_cli_fuzz import TEXT, VALUES, run_main
from tests.hostile_server import HostileServer, json_reply

INTERNAL_ERROR = 70
USAGE = 2

ENV_NAMES = st.one_of(
    st.sampled_from(["hostile", "production", "sandbox", "unknown", "", " "]), TEXT
)
COMMANDS = {
    "mint": (("mint",), ("--state", "--store"), ("--test-order", "--subscription", "--json")),
    "reset": (("reset",), (), ("--json",)),
    "advance": (("advance",), (), ("--json",)),
}


@st.composite
def command_lines(draw: st.DrawFn, name: str, url: str) -> list[str]:
    words, options, switches = COMMANDS[name]
    argv = ["sandbox", *words]
    if name == "advance":  # required: often valid, so that lines get past the parser
        argv.append(f"--hours={draw(st.one_of(st.just('1'), VALUES))}")
    chosen = draw(st.lists(st.sampled_from(options), unique=True)) if options else []
    argv += [f"{flag}={draw(VALUES)}" for flag in chosen]
    argv += draw(st.lists(st.sampled_from(switches), unique=True)) if switches else []
    where = draw(st.sampled_from(["url", "env", "both"]))
    if where in ("url", "both"):
        argv.append(f"--base-url={url}")
    if where in ("env", "both"):
        argv.append(f"--env={draw(ENV_NAMES)}")
    if name == "mint":
        argv += ["--", draw(st.one_of(st.just("2"), VALUES))]
    return argv


@pytest.fixture
def hostile_home(
    tmp_path: Path, hostile: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HostileServer]:
    config = tmp_path / "config.toml"
    config.write_text(f'[environments.hostile]\nbase_url = "{hostile.url}"\n', encoding="utf-8")
    monkeypatch.setenv("NOWGG_CONSOLE_CONFIG", str(config))
    monkeypatch.setenv("NOWGG_CONSOLE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("NOWGG_CONSOLE_ENV", raising=False)
    # A sandbox's admin reply, so that valid lines run all the way through their output.
    hostile.default = json_reply(
        {"sandbox": "nowgg-console", "ok": True, "tokens": [], "clock": 0, "events": []}
    )
    yield hostile


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_input_is_an_internal_error_and_a_usage_error_sends_nothing(
    hostile_home: HostileServer, name: str
) -> None:
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(command_lines(name, hostile_home.url))
    def check(argv: list[str]) -> None:
        before = len(hostile_home.requests)
        code, out, err = run_main(argv, "")
        assert code != INTERNAL_ERROR, f"{argv!r}\n{err}"
        assert "Traceback" not in out + err
        if code == USAGE:
            assert len(hostile_home.requests) == before, f"sent on a usage error: {argv!r}"
        for request in hostile_home.requests[before:]:
            assert request.path.startswith("/_sandbox/"), request.path

    check()
