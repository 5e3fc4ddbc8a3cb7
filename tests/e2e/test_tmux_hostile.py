"""Issue 7, items 4 and 5, in a real terminal (tmux): a reply full of escape sequences leaves the
pane's title alone and shows its escapes as text; a bug in a handler ends the console with a
short message and a log, never a traceback, and exit code 70.

The tmux harness (Terminal, the isolated environment) is the one of test_tmux_console.py.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from console.sandbox.server import SandboxServer
from tests.e2e.test_tmux_console import (
    EXITED,
    HEIGHT,
    HOLD_S,
    SESSION,
    WIDTH,
    Terminal,
    _missing,
    console_environment,
)
from tests.hostile_server import HostileServer, json_reply
from tests.hostile_text import TITLE, hostile_purchase

# A bug planted in the real console before it starts: F1 raises.
_BROKEN_HELP = """
import sys
from console.tui.screens.main_screen import MainScreen

def broken_help(self):
    raise RuntimeError("planted bug [/bold]")

MainScreen.action_help = broken_help
from console.cli.main import main
sys.exit(main(["--env", "qa"]))
"""


@contextmanager
def _console(tmp_path: Path, environment: dict[str, str], program: list[str]) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        _missing("tmux is not installed (scripts/install --test installs it)")
    (tmp_path / "home").mkdir(exist_ok=True)
    tmux_conf = tmp_path / "tmux.conf"
    tmux_conf.write_text("set -g status off\n", encoding="utf-8")
    command = (
        shlex.join(["env", "-i", *(f"{k}={v}" for k, v in environment.items()), *program])
        + f'; echo "{EXITED} $?]"; exec sleep {HOLD_S}'
    )
    terminal = Terminal(f"nowgg-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        terminal.tmux(
            "-f",
            str(tmux_conf),
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            command,
        )
        yield terminal
    finally:
        terminal.kill()


def _installed() -> str:
    program = Path(sys.executable).parent / "nowgg-console"
    if not program.exists():
        _missing(f"the console is not installed next to {sys.executable} (scripts/install)")
    return str(program)


def _title(terminal: Terminal) -> str:
    return terminal.tmux("display-message", "-p", "-t", SESSION, "#{pane_title}").strip()


def test_escapes_in_a_reply_do_not_reach_the_terminal(
    tmp_path: Path, sandbox: SandboxServer, hostile: HostileServer
) -> None:
    hostile.default = json_reply(
        hostile_purchase(text=TITLE, productId="gems_100", sellerGoodsId="gems_100")
    )
    environment = console_environment(tmp_path, sandbox)
    Path(environment["NOWGG_CONSOLE_CONFIG"]).write_text(
        f'[environments.qa]\nbase_url = "{hostile.url}"\nlabel = "QA"\n', encoding="utf-8"
    )
    with _console(tmp_path, environment, [_installed(), "--env", "qa"]) as terminal:
        terminal.wait_for("qa", "Paste a purchase token above and press Enter")
        title_before = _title(terminal)
        terminal.type("tok-1")
        terminal.press("Enter")
        terminal.wait_for("PAID", "NOT CONSUMED")
        # The reply tried to retitle the terminal in a dozen fields: the title is untouched,
        # and the escapes read as text.
        assert "PWNED" not in _title(terminal) and _title(terminal) == title_before
        terminal.wait_for("Order orderId:\\x1b]0;PWNED\\x07")
        terminal.press("C-q")
        status, last = terminal.wait_for_exit()
        assert status == 0, last


def test_a_bug_ends_the_console_with_a_message_and_a_log(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environment = console_environment(tmp_path, sandbox)
    program = [sys.executable, "-c", _BROKEN_HELP]
    _installed()
    with _console(tmp_path, environment, program) as terminal:
        terminal.wait_for("qa", "Paste a purchase token above and press Enter")
        terminal.press("F1")
        status, last = terminal.wait_for_exit()
    assert status == 70, last
    assert "Traceback" not in last and "planted bug" not in last, last
    assert "nowgg-console stopped: an internal error in the console (RuntimeError)" in last
    assert "Nothing more was sent to now.gg" in last
    [log] = (tmp_path / "data" / "logs").iterdir()
    assert log.name in last.replace("\n", "")
    details = log.read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError: planted bug [/bold]" in details
