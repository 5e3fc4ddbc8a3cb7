"""What each command loads, so that it starts fast (bench/command_start.py measures; these
keep the rules). Each command runs in a fresh interpreter, as `nowgg-console` does, with its
own config and data folders; the modules it loaded are read from `sys.modules` at its end.

- `explain CODE` and `--help` send nothing: no httpx, keyring, sqlite3, asyncio or textual —
  nor `typing` or `dataclasses`, which alone cost them a tenth of their start
  (console/__init__.py), nor `locale`, which argparse's gettext look-ups would load for a
  catalog CPython does not ship (console/cli/parsers/__init__.py);
- `verify TOKEN --base-url URL` with the key in NOWGG_CONSOLE_API_KEY: no keyring (no key is
  looked up there), no simulator (uvicorn, the sandbox's server), no textual, and none of
  the consume's guards, its write-ahead gate, a write's outcomes (desk/write_outcomes.py)
  or the error catalog for a purchase that verifies; the JSON output's modules only with
  --json, the words' only without, and a failure's words and exit codes only for a
  failure; the request goes out on httpx's blocking client, and the command runs without
  an event loop (console/cli/one_shot.py):
  no asyncio, no anyio, no thread pool; nor `uuid` (an entry's uid, history/uid.py) or
  `_strptime` (an order id's time, payments/order_ids.py);
- `verify --all-envs` asks every environment at once, on asyncio.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import isolated_environ

# Runs the entry point as `python -m console` does, then writes what was loaded to a file.
_RUN = """
import json, runpy, sys
report, sys.argv = sys.argv[1], ["nowgg-console", *sys.argv[2:]]
try:
    runpy.run_module("console", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    code = exit.code
else:
    code = 0
with open(report, "w") as out:
    # A None entry is a module kept from loading (httpx._main, console/__init__.py), not loaded.
    loaded = sorted(name for name, module in sys.modules.items() if module is not None)
    json.dump({"code": code, "modules": loaded}, out)
"""

SEND_NOTHING = (
    "httpx",
    "keyring",
    "sqlite3",
    "asyncio",
    "textual",
    "typing",
    "dataclasses",
    "locale",
)


def _loaded(tmp_path: Path, *args: str, **env: str) -> tuple[int, set[str]]:
    report = tmp_path / "loaded.json"
    subprocess.run(
        [sys.executable, "-c", _RUN, str(report), *args],
        env=isolated_environ(tmp_path, **env),
        capture_output=True,
        timeout=60,
        check=False,
    )
    loaded = json.loads(report.read_text(encoding="utf-8"))
    return loaded["code"], set(loaded["modules"])


def _verified(tmp_path: Path, sandbox: SandboxServer, *args: str) -> tuple[int, set[str]]:
    """`verify TOKEN …` against the sandbox, the key in NOWGG_CONSOLE_API_KEY."""
    token, *flags = args
    return _loaded(
        tmp_path,
        "verify",
        token,
        "--base-url",
        sandbox.url,
        *flags,
        NOWGG_CONSOLE_API_KEY=sandbox.api_key,
    )


def _found(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in packages or m in packages)


@pytest.mark.parametrize("args", [("explain", "3901"), ("--help",), ("explain",)])
def test_commands_that_send_nothing_load_nothing_heavy(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    code, modules = _loaded(tmp_path, *args)
    assert code == 0
    assert _found(modules, SEND_NOTHING) == []


def test_verify_with_a_key_in_a_variable_loads_no_keyring_and_no_simulator(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    code, modules = _verified(tmp_path, sandbox, "sbx-paid-unconsumed-0001")
    assert code == 0
    assert {"httpx", "sqlite3"} <= modules  # it did verify, and recorded it
    assert _found(modules, ("keyring", "secretstorage", "uvicorn", "textual")) == []
    # httpx's own command line (click, rich, pygments) is never needed: console/__init__.py
    assert _found(modules, ("click", "rich", "pygments")) == []
    unwanted = (
        "console.sandbox.server",
        "console.sandbox.app",
        "console.desk.consume",
        "console.desk.guards",
        "console.payments.catalog",
        "platformdirs",
        # a consume's gate, made when a consume first needs it (desk.py, workspace.py)
        "console.desk.write_ahead",
        # a write's plan, outcome and operation, loaded with the first write (outcomes.py)
        "console.desk.write_outcomes",
        "console.desk.write_operation",
        "console.payments.write_results",
        # the answers of a lookup in every environment and of a key stored (workspace.py)
        "console.desk.workspace_answers",
        # --json's output, a failure's words and its exit code (verify_command.py)
        "console.cli.json_output",
        "console.cli.json_purchase",
        "console.cli.json_explanation",
        "console.cli.render_failure",
        "console.cli.outcome_codes",
    )
    assert sorted(modules & set(unwanted)) == []


def test_verify_runs_without_an_event_loop_on_the_blocking_client(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """One request needs no async HTTP stack and no event loop: httpcore's blocking stack
    sends it, and the one-shot workspace runs every step inline (console/desk/off_loop.py).
    httpcore's package would load anyio for its async classes: kept out (one_shot.py)."""
    code, modules = _verified(tmp_path, sandbox, "sbx-paid-unconsumed-0001")
    assert code == 0
    assert {"httpcore._sync.http11", "httpcore._backends.sync"} <= modules  # it did send
    assert "console.history.rows" in modules  # and recorded it
    assert _found(modules, ("asyncio", "anyio", "sniffio", "trio")) == []
    unwanted = (
        *("concurrent.futures.thread", "queue", "uuid", "platform", "_strptime"),
        # a consume's in-flight lock, loaded with its write ahead (history/in_flight.py)
        "console.history.in_flight",
    )
    assert sorted(modules & set(unwanted)) == []


def test_verify_in_every_environment_runs_on_asyncio(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The other side: `--all-envs` asks the environments at once, on an event loop."""
    code, modules = _verified(tmp_path, sandbox, "sbx-paid-unconsumed-0001", "--all-envs")
    assert code == 0
    assert "asyncio" in modules


def test_worklist_help_loads_no_client_keyring_history_or_screen(tmp_path: Path) -> None:
    code, modules = _loaded(tmp_path, "worklist", "--help")
    assert code == 0
    assert _found(modules, ("httpx", "keyring", "sqlite3", "textual", "asyncio")) == []


def test_verify_with_json_loads_no_words_and_no_write_ahead(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    code, modules = _verified(tmp_path, sandbox, "sbx-paid-unconsumed-0001", "--json")
    assert code == 0
    assert "console.cli.json_output" in modules  # it did print JSON
    unwanted = (
        "console.cli.render_lookup",
        "console.cli.render_failure",
        "console.cli.outcome_codes",
        "console.desk.write_ahead",
    )
    assert sorted(modules & set(unwanted)) == []


def test_a_verify_that_fails_loads_the_failures_words_and_exit_codes(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """The other side of the rules above: what a failure needs still loads, when it is one
    (an unknown token: 3901, exit 1)."""
    code, modules = _verified(tmp_path, sandbox, "sbx-no-such-token-0000")
    assert code == 1
    assert {"console.cli.render_failure", "console.cli.outcome_codes"} <= modules
    assert "console.desk.write_ahead" not in modules
