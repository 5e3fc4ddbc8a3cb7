"""End to end, issue 13's team awareness: two consoles on one history (the same data folder,
two config files naming the operators alice and bob) and one `nowgg-console sandbox serve`.

Alice consumes; bob's lookup names alice and the time. Alice's consume of a token the sandbox
never answers stays in flight; bob's consume of that token is refused naming alice, and
nothing is sent. Each console is read as its user reads it, in a terminal of its own."""

from __future__ import annotations

import os
import signal
from datetime import UTC
from pathlib import Path

from console.history import Action, HistoryFilter, HistoryStore
from console.sandbox.keys import SANDBOX_API_KEY
from tests.e2e.test_tmux_console import Terminal
from tests.e2e.test_tmux_hostile import _console, _installed
from tests.e2e.test_tmux_unknown_consume import _console_pid
from tests.sandbox.served_process import serve

PAID = "sbx-paid-unconsumed-0001"
HANGS = "sbx-fault-consume-never-applied"
SHOWN_HANGS = "sbx-fa…lied"


def _as(tmp_path: Path, operator: str, url: str, timeout: int) -> dict[str, str]:
    """One console's environment: a home and a config file of its own, the shared data
    folder (one history), the sandbox's documented key."""
    home = tmp_path / operator
    config = home / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'[history]\noperator = "{operator}"\n\n'
        f'[environments.qa]\nbase_url = "{url}"\nlabel = "QA"\ntimeout = {timeout}\n',
        encoding="utf-8",
    )
    return {
        "PATH": os.defpath,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "NOWGG_CONSOLE_CONFIG": str(config),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "shared-data"),
        "NOWGG_CONSOLE_API_KEY_QA": SANDBOX_API_KEY,
    }


def _consume(terminal: Terminal, token: str) -> None:
    terminal.type(token)
    terminal.press("Enter")
    terminal.wait_for("PAID", "NOT CONSUMED")
    terminal.press("C-o")
    terminal.wait_for("Consume this purchase?")
    terminal.press("Tab")
    terminal.wait_until(lambda: terminal.focused_button() == "Consume", "Consume focused")
    terminal.press("Enter")


def test_two_consoles_see_each_other_and_a_held_consume_is_refused(tmp_path: Path) -> None:
    served = serve(tmp_path)
    try:
        # Alice's requests wait long: her consume of HANGS stays in flight while bob tries.
        alice = _as(tmp_path, "alice", served.url, timeout=120)
        bob = _as(tmp_path, "bob", served.url, timeout=10)
        program = [_installed(), "--env", "qa"]
        with _console(tmp_path / "alice", alice, program) as first:
            first.wait_for("qa", "Paste a purchase token above and press Enter")
            _consume(first, PAID)
            first.wait_for("CONSUMED", "Consumption  1 · Consumed")
            with _console(tmp_path / "bob", bob, program) as second:
                second.wait_for("qa", "Paste a purchase token above and press Enter")
                second.type(PAID)
                second.press("Enter")
                at = _consumed_at(Path(alice["NOWGG_CONSOLE_DATA"]))
                second.wait_for("Also touched:", f"consumed by alice at {at} UTC on qa")

                _consume(first, HANGS)
                first.wait_for(f"Consume of {SHOWN_HANGS} sent to")
                second.press("C-l")  # to the token field, as a user starts anew
                second.type(HANGS)
                second.press("Enter")
                second.wait_for("PAID", "NOT CONSUMED")
                # Bob's lookup already says it: alice's consume is in flight.
                held_at = _consumed_at(Path(alice["NOWGG_CONSOLE_DATA"]), HANGS)
                second.wait_for(f"consume in flight by alice at {held_at} UTC on qa")
                second.press("C-o")
                # Refused at once, before any dialog: the form says who holds it (the words
                # wrap with the width of the host's name; the record below has them whole).
                shown = second.wait_for("Consume disabled: alice's consume of")
                assert "Consume this purchase?" not in shown
                second.press("C-q")
                status, last = second.wait_for_exit()
                assert status == 0, last
                assert "Traceback" not in last
            os.kill(_console_pid(first), signal.SIGKILL)
            first.wait_for_exit()
    finally:
        served.stop()
    with HistoryStore(Path(alice["NOWGG_CONSOLE_DATA"]) / "history.sqlite3") as history:
        refused = history.search(HistoryFilter(operator="bob", action=Action.CONSUME))
    assert [(entry.token, entry.guard) for entry in refused] == [(HANGS, "held_elsewhere")]
    reason = refused[0].reason or ""
    assert reason.startswith("alice's consume of this token from ")
    assert "on qa is in flight or of unknown outcome — wait for it or run" in reason


def _consumed_at(data: Path, token: str = PAID) -> str:
    with HistoryStore(data / "history.sqlite3") as history:
        (entry,) = history.search(
            HistoryFilter(token=token, action=Action.CONSUME, operator="alice")
        )
    return f"{entry.at.astimezone(UTC):%H:%M}"
