"""Two consoles on one history, told apart by `[history] operator` in their config files:
every entry carries the name, `history --operator NAME` finds one person's entries, a bad
name is refused with its place (the config file's line, or the flag), and one console's
verify names what the other did to the purchase."""

from __future__ import annotations

from pathlib import Path

from console.desk.workspace import history_path
from console.history import Action, HistoryFilter, HistoryStore
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import Run, isolated_environ, run_cli, start_cli
from tests.cli.in_flight_consumes import TOKEN as HOSTILE_TOKEN
from tests.cli.in_flight_consumes import consumes, hold_consumes, wait_until
from tests.hostile_server import HostileServer

TOKEN = "sbx-paid-consumed-0002"
PAID = "sbx-paid-unconsumed-0001"


def _config(home: Path, name: str, text: str) -> str:
    path = home / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _as(home: Path, config: str, *args: str) -> Run:
    return run_cli(home, *args, env={"NOWGG_CONSOLE_CONFIG": config})


def _operators(run: Run) -> list[str]:
    body = run.json()
    assert isinstance(body, dict)
    return [str(entry["operator"]) for entry in body["entries"]]


def test_each_console_writes_its_operator_and_history_filters_by_it(tmp_path: Path) -> None:
    alice = _config(tmp_path, "alice", '[history]\noperator = "alice"\n')
    bob = _config(tmp_path, "bob", '[history]\noperator = "bob"\n')
    assert _as(tmp_path, alice, "verify", TOKEN, "--note", "ZD-1").code == 0
    assert _as(tmp_path, bob, "verify", TOKEN).code == 0
    assert _as(tmp_path, bob, "verify", TOKEN).code == 0
    every = _as(tmp_path, alice, "history", "--json")
    assert sorted(_operators(every)) == ["alice", "bob", "bob"]
    assert _operators(_as(tmp_path, alice, "history", "--operator", "bob", "--json")) == [
        "bob",
        "bob",
    ]
    text = _as(tmp_path, bob, "history", "--operator", "alice")
    assert text.code == 0 and "ZD-1" in text.out
    exported = _as(tmp_path, bob, "history", "export", "--operator", "alice", "--format", "json")
    assert _operators(exported) == ["alice"]
    assert _operators(_as(tmp_path, bob, "history", "--operator", "carol", "--json")) == []


def test_a_bad_operator_name_is_named_with_its_line_and_the_os_user_is_used(
    tmp_path: Path,
) -> None:
    broken = _config(tmp_path, "broken", '# the desk\n[history]\noperator = ""\n')
    run = _as(tmp_path, broken, "verify", TOKEN)
    assert run.code == 0, run.err
    assert "line 3 (history.operator)" in run.err
    assert "a name of 1 to 64 characters" in run.err
    assert _operators(_as(tmp_path, broken, "history", "--json")) != [""]


def test_a_bad_operator_flag_is_a_usage_error(tmp_path: Path) -> None:
    for bad in ("", "   ", "x" * 65, "al\x1b[2Jice"):
        run = run_cli(tmp_path, "history", "--operator", bad)
        assert run.code == 2, (bad, run.err)
        assert "--operator" in run.err and "a name of 1 to 64 characters" in run.err
        assert "\x1b" not in run.err


def test_bobs_verify_names_alices_consume_and_its_ticket(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    alice = _config(tmp_path, "alice", '[history]\noperator = "alice"\n')
    bob = _config(tmp_path, "bob", '[history]\noperator = "bob"\n')

    def served(config: str, *args: str) -> Run:
        return run_cli(
            tmp_path,
            *args,
            "--base-url",
            sandbox.url,
            env={"NOWGG_CONSOLE_CONFIG": config, "NOWGG_CONSOLE_API_KEY": sandbox.api_key},
        )

    # Nobody else touched it yet: nothing is said, and --json says so with an empty list.
    first = served(bob, "verify", PAID)
    assert first.code == 0 and "Also touched" not in first.out
    untouched = served(bob, "verify", PAID, "--json").json()
    assert isinstance(untouched, dict)
    assert untouched["touchedBy"] == {"entries": [], "more": 0}

    assert served(alice, "verify", PAID).code == 0
    consumed = served(alice, "consume", PAID, "--yes", "--note", "ZD-1234")
    assert consumed.code == 0, consumed.out + consumed.err
    text = served(bob, "verify", PAID)
    assert text.code == 0
    at = _consume_time(tmp_path)
    assert "Also touched (history):" in text.out
    lines = text.out.split("Also touched (history):")[1].splitlines()
    # Alice's consume first (newest), then her verifies; bob's own verifies are not listed.
    assert lines[1] == f"  consumed by alice at {at} UTC on custom · ticket ZD-1234"
    assert all("by bob" not in line for line in lines)
    body = served(bob, "verify", PAID, "--json").json()
    assert isinstance(body, dict)
    touched = body["touchedBy"]
    assert touched["entries"][0]["operator"] == "alice"
    assert (touched["entries"][0]["action"], touched["entries"][0]["outcome"]) == (
        "consume",
        "ok",
    )
    assert touched["entries"][0]["ticket"] == "ZD-1234"
    assert touched["entries"][0]["spooled"] is False  # a local history has no spool
    # alice: the consume, its check and her first verify (the proof goes with the consume).
    assert [entry["action"] for entry in touched["entries"]] == ["consume", "verify", "verify"]
    assert touched["more"] == 0


def _consume_time(home: Path) -> str:
    with HistoryStore(history_path(isolated_environ(home))) as store:
        (entry,) = store.search(HistoryFilter(action=Action.CONSUME))
    return f"{entry.at:%H:%M}"


def test_a_consume_another_process_holds_is_refused_with_exit_4_naming_it(
    tmp_path: Path, hostile: HostileServer
) -> None:
    alice = _config(tmp_path, "alice", '[history]\noperator = "alice"\n')
    bob = _config(tmp_path, "bob", '[history]\noperator = "bob"\n')

    def env(config: str) -> dict[str, str]:
        return {"NOWGG_CONSOLE_CONFIG": config, "NOWGG_CONSOLE_API_KEY": hostile.api_key}

    hold_consumes(hostile, 30)  # alice's consume stays in flight
    common = ("--yes", "--base-url", hostile.url)
    first = start_cli(
        tmp_path, "consume", HOSTILE_TOKEN, *common, "--note", "ZD-1234", env=env(alice)
    )
    try:
        wait_until(lambda: consumes(hostile) > 0 or first.poll() is not None, "alice's consume")
        assert first.poll() is None
        run = run_cli(tmp_path, "consume", HOSTILE_TOKEN, *common, "--json", env=env(bob))
        assert run.code == 4, run.out + run.err
        body = run.json()
        assert isinstance(body, dict)
        assert body["status"] == "refused"
        refusal = body["refusal"]
        assert (refusal["reason"], refusal["forceable"]) == ("held_elsewhere", True)
        assert refusal["message"].startswith("alice's consume of this token from ")
        assert "(ticket ZD-1234) is in flight or of unknown outcome" in refusal["message"]
        text = run_cli(tmp_path, "consume", HOSTILE_TOKEN, *common, env=env(bob))
        assert text.code == 4
        assert "Refused: alice's consume of this token from " in text.out
        assert "--force overrides this guard, deliberately." in text.out
        assert consumes(hostile) == 1  # bob sent none
        lookup = run_cli(tmp_path, "verify", HOSTILE_TOKEN, "--base-url", hostile.url, env=env(bob))
        assert "consume in flight by alice at " in lookup.out
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()
