"""Snapshots (pytest-textual-snapshot) of the console's main screens, as a user sees them.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at the SVGs
under `__snapshots__/` before committing them. What would make a screen differ between runs or
machines is pinned, in the `steady` fixture:

- size 120x40, animations off, no Input cursor blinking (left drawn, as a still frame),
  toasts kept on screen until the shot (a slow machine would otherwise see them fade);
- clocks: the desk's "now" is frozen, the client's latency clock advances 7 ms per request,
  and TZ=UTC so local times read the same everywhere;
- the host on screen: environments point at `127.0.0.1:8765`, and a transport under the client
  sends those requests to the session's loopback sandbox on its real (random) port — so the
  banner and the dialog show a fixed address while every call is still real HTTP;
- config, data (the history) and keyring belong to the test alone; no NOWGG_CONSOLE_*
  variable of the machine leaks in.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from console.desk.workspace import Workspace
from console.payments.client import PaymentsClient
from console.sandbox.server import SandboxServer
from console.settings.key_variables import key_variable
from console.settings.memory_keyring import MemoryKeyring
from console.tui.app import ConsoleApp
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.dialogs.help_screen import HelpScreen
from console.tui.themes import shipped_themes_dir
from tests.tui.console_harness import environment_table, look_up, wait_until

SIZE = (120, 40)
SHOWN_HOST = "127.0.0.1"
SHOWN_PORT = 8765
SHOWN_URL = f"http://{SHOWN_HOST}:{SHOWN_PORT}/"
FROZEN_NOW = datetime(2026, 1, 15, 9, 30, 0, tzinfo=UTC)
LATENCY_STEP_S = 0.007
TOAST_KEPT_S = 3600.0

PAID_NOT_CONSUMED = "sbx-paid-unconsumed-0001"
ORDER_ID = "1-2024103006080100000000001"
SAMPLE_003 = "sbx-sample-003-0011"

Steps = Callable[[Pilot[None]], Awaitable[None]]
SnapCompare = Callable[..., bool]


class ToSandbox(httpx.AsyncHTTPTransport):
    """Real HTTP to the loopback sandbox, whatever port it got: requests addressed to the
    shown host and port go to the sandbox's own port instead."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self._port = port

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == SHOWN_HOST and request.url.port == SHOWN_PORT:
            request.url = request.url.copy_with(port=self._port)
        return await super().handle_async_request(request)


class SteadyClock:
    """Stands in for the `time` module of the payments client: each reading is 7 ms after
    the one before, so every request (started, then answered) takes exactly 7 ms."""

    def __init__(self) -> None:
        self._now = 0.0

    def perf_counter(self) -> float:
        self._now += LATENCY_STEP_S
        return self._now


@pytest.fixture
def steady(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sandbox: SandboxServer
) -> Iterator[Path]:
    """Everything that could vary between runs pinned; yields the test's own folder."""
    for name in list(os.environ):
        if name.startswith("NOWGG_CONSOLE_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    desk_clock = importlib.import_module("console.desk.context")
    monkeypatch.setattr(desk_clock, "now", lambda: FROZEN_NOW.astimezone())
    client_module = importlib.import_module("console.payments.client")
    clock = SteadyClock()
    monkeypatch.setattr(client_module, "time", SimpleNamespace(perf_counter=clock.perf_counter))

    connection_module = importlib.import_module("console.desk.connection")
    port = int(sandbox.url.rstrip("/").rsplit(":", 1)[1])

    def client(*args: Any, **kwargs: Any) -> PaymentsClient:
        kwargs.setdefault("transport", ToSandbox(port))
        return PaymentsClient(*args, **kwargs)

    monkeypatch.setattr(connection_module, "PaymentsClient", client)
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


class StillConsole(ConsoleApp):
    """The console whose toasts stay: whether one has faded by the time of the shot would
    depend on the machine's speed."""

    def notify(self, message: str, **options: Any) -> None:
        options["timeout"] = TOAST_KEPT_S
        super().notify(message, **options)


def console(
    folder: Path, config: str | None, environment: str = "qa", keys: dict[str, str] | None = None
) -> StillConsole:
    """The console as `nowgg-console --env ENVIRONMENT` opens it, on this test's files."""
    config_path = folder / "config.toml"
    if config is not None:
        config_path.write_text(config, encoding="utf-8")
    environ = {"NOWGG_CONSOLE_CONFIG": str(config_path), "NOWGG_CONSOLE_DATA": str(folder / "data")}
    for name, value in (keys or {}).items():
        environ[key_variable(name)] = value
    workspace = Workspace.open(environ=environ, keyring_backend=MemoryKeyring())
    app = StillConsole(workspace, workspace.choose(environment), theme_dirs=[shipped_themes_dir()])
    app.animation_level = "none"
    return app


def qa_console(folder: Path, sandbox: SandboxServer, theme: str | None = None) -> StillConsole:
    config = environment_table("qa", SHOWN_URL, label="QA")
    if theme is not None:
        config += f'\n[ui]\ntheme = "{theme}"\n'
    return console(folder, config, keys={"qa": sandbox.api_key})


def still(steps: Steps | None = None) -> Steps:
    """`run_before` for snap_compare: the steps, then every text cursor stopped (drawn)."""

    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if steps is not None:
            await steps(pilot)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False
        await pilot.pause()

    return run


def looking_up(token: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await look_up(pilot, token)

    return steps


async def open_consume_dialog(pilot: Pilot[None], token: str = PAID_NOT_CONSUMED) -> None:
    await look_up(pilot, token)
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmConsume))


def test_first_screen_on_the_builtin_sandbox(steady: Path, snap_compare: SnapCompare) -> None:
    """First run: no config file, the embedded sandbox, the token field focused, a hint."""
    app = console(steady, None, "sandbox")
    assert snap_compare(app, terminal_size=SIZE, run_before=still())


def test_a_paid_purchase_not_consumed(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """PAID / NOT CONSUMED badges, the anomaly, every field; the consume form enabled."""
    app = qa_console(steady, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=still(looking_up(PAID_NOT_CONSUMED)))


def test_the_documentation_sample_and_its_anomalies(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """The 003 sample: fields that contradict each other, each anomaly explained."""
    app = qa_console(steady, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=still(looking_up(SAMPLE_003)))


def test_an_invalid_token_is_explained_inline(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """3901 in a callout where the purchase would be, with the search elsewhere offered."""
    app = qa_console(steady, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=still(looking_up("no-such-token")))


def test_the_consume_dialog_opens_on_cancel(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """Environment, host, masked token, order id, store, product; Cancel focused."""
    app = qa_console(steady, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=still(open_consume_dialog))


def test_production_banner_and_typed_confirmation(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """A production environment: the red PRODUCTION banner, and the dialog once the order
    id's last 4 characters are typed (Consume enabled, not focused)."""
    config = environment_table("live", SHOWN_URL, label="Global", production=True)
    app = console(steady, config, "live", keys={"live": sandbox.api_key})

    async def steps(pilot: Pilot[None]) -> None:
        await open_consume_dialog(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#typed", Input).focus()
        await pilot.press(*ORDER_ID[-4:])
        await wait_until(pilot, lambda: not dialog.query_one("#confirm").disabled)

    assert snap_compare(app, terminal_size=SIZE, run_before=still(steps))


def test_the_help_screen(steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare) -> None:
    """F1: every key and what it does."""
    app = qa_console(steady, sandbox)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=SIZE, run_before=still(steps))


@pytest.mark.parametrize("theme", ["nowgg-light", "nowgg-high-contrast"])
def test_a_purchase_in_the_other_shipped_themes(
    theme: str, steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare
) -> None:
    """The paid-not-consumed purchase again, in the theme the config file names."""
    app = qa_console(steady, sandbox, theme)

    async def steps(pilot: Pilot[None]) -> None:
        assert pilot.app.theme == theme
        await look_up(pilot, PAID_NOT_CONSUMED)

    assert snap_compare(app, terminal_size=SIZE, run_before=still(steps))


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
def test_the_documentation_sample_at_the_smallest_and_a_wide_terminal(
    steady: Path, sandbox: SandboxServer, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """80x24: the verdict, every anomaly's title and the Consume button in sight, the form a
    bar below. 200x50: labels and values whole, the form beside them."""
    app = qa_console(steady, sandbox)
    assert snap_compare(app, terminal_size=size, run_before=still(looking_up(SAMPLE_003)))
