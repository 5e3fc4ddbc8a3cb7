"""The console's first frame imports only what it draws: in a fresh interpreter, the console as
`nowgg-console` opens it (the launch path, on its own config and data) is run to its first
frame, and what `sys.modules` holds is inspected twice: when the screen's work after its first
frame begins (nothing forbidden, not one flow), and when the workspace starts opening, once the
rest of the screen is mounted (nothing forbidden but the flows that mounting made). Not a
timing: the rule that keeps the first frame fast (bench/console_cold_start.py measures it).
The lookup pane's fields are looked at too: the token field in the first frame, the store
picker and the multi-store fields added right after it (the token field's width the same at
every layout); and so are the screen stack (the main
screen is the first, no empty one before it) and garbage collection (held until the first
frame by the launch, on again after it: start_collections.py).

The sandbox's documented key (`console.sandbox.keys`, a constant the masking of every outside
text needs) is the one module of `console.sandbox` allowed: the simulator itself is not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# `html` (its table of entities) only reads an HTML error page: never one before the frame.
FORBIDDEN_ROOTS = ("httpx", "keyring", "sqlite3", "_sqlite3", "uvicorn", "html")
FORBIDDEN_PACKAGES = ("console.sandbox.", "console.desk", "console.history")
ALLOWED = {"console.sandbox.keys"}
# The flows are made on first use (the main screen's `cached_property`s): only the protocol
# they are given and the worker groups the screen starts its opening in come before the frame.
FLOWS = (
    "acknowledge_flow",
    "consume_flow",
    "consume_gate",
    "copy_flow",
    "elsewhere_flow",
    "environment_flow",
    "history_flow",
    "key_flow",
    "lookup_flow",
    "shared_history_flow",
    "tab_flow",
    "unknown_flow",
    "worklist_flow",
    "write_flow",
)
FLOWS_MODULES = {f"console.tui.flows.{flow}" for flow in FLOWS}
# What the first frame does not draw: the lines hidden until they have news (and what they
# show), mounted right after it in their places.
AFTER_FRAME_MODULES = {
    "console.tui.widgets.shared_history_bar",
    "console.tui.widgets.unknown_consumes_bar",
    "console.tui.widgets.in_flight_line",
    "console.tui.in_flight",
    # The command palette's entries and plain lists load with their first opening.
    "console.tui.commands",
    "console.tui.palette",
}

SCRIPT = """
import asyncio, gc, json, sys
from console.tui.app import ConsoleApp
from console.tui.launch import launch
from console.tui.screens.main_screen import MainScreen

real_after = MainScreen._after_first_frame
seen = {"css_refreshes": 0}
real_refresh_css = ConsoleApp.refresh_css

def refresh_css(app, *args, **kwargs):
    seen["css_refreshes"] += 1
    real_refresh_css(app, *args, **kwargs)

ConsoleApp.refresh_css = refresh_css

async def after_first_frame(screen):
    seen["at_frame"] = sorted(name for name, module in sys.modules.items() if module)
    seen["drawn_at_frame"] = sorted(w.id for w in screen.query("#lookup *") if w.id)
    seen["screen_at_frame"] = [w.id for w in screen.children]
    seen["collecting_at_frame"] = gc.isenabled()
    seen["css_refreshes_at_frame"] = seen["css_refreshes"]
    seen["theme_at_frame"] = screen.app.theme
    await real_after(screen)

MainScreen._after_first_frame = after_first_frame
real_layout = MainScreen._refresh_layout
seen["token_widths"] = []

def refresh_layout(screen, *args, **kwargs):
    real_layout(screen, *args, **kwargs)
    fields = screen.query("#token")
    if fields:
        seen["token_widths"].append(fields.first().size.width)

MainScreen._refresh_layout = refresh_layout

def run(app):
    # As `nowgg-console` runs it (launch), in a test's terminal.
    real_opener = app.opening.opener

    def spy():
        seen["at_first_frame"] = sorted(name for name, module in sys.modules.items() if module)
        seen["banner"] = str(app.screen.query_one("#banner").content)
        return real_opener()

    app.opening.opener = spy

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            while not getattr(app.screen, "settled", False):
                await pilot.pause(0.05)
            seen["drawn_after"] = sorted(w.id for w in app.screen.query("#lookup *") if w.id)
            seen["screen_after"] = [w.id for w in app.screen.children]
            seen["collecting_after"] = gc.isenabled()
            seen["frozen_after"] = gc.get_freeze_count()
            seen["screens"] = [type(screen).__name__ for screen in app.screen_stack]

    asyncio.run(main())

ConsoleApp.run = run
launch(None, None, None)
seen["after"] = sorted(name for name, module in sys.modules.items() if module)
print(json.dumps(seen))
"""


def _first_frame(tmp_path: Path, config: str | None) -> dict[str, Any]:
    config_path = tmp_path / "config.toml"
    if config is not None:
        config_path.write_text(config, encoding="utf-8")
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NOWGG_CONSOLE_CONFIG": str(config_path),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def _forbidden(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name not in ALLOWED
        and (
            name.split(".")[0] in FORBIDDEN_ROOTS
            or name.startswith(FORBIDDEN_PACKAGES)
            or name in FLOWS_MODULES
        )
    ]


@pytest.mark.parametrize(
    "config",
    [
        None,  # the first run: no config file
        '[environments.production]\nread_only = true\n\n[ui]\ntheme = "nowgg-light"\n\n'
        '[keybindings]\nhistory = "f9"\n"worklist.next" = "j"\n',
    ],
    ids=["first-run", "configured"],
)
def test_the_first_frame_needs_no_history_keyring_client_nor_simulator(
    tmp_path: Path, config: str | None
) -> None:
    seen = _first_frame(tmp_path, config)
    assert _forbidden(seen["at_frame"]) == []
    assert AFTER_FRAME_MODULES.isdisjoint(seen["at_frame"])
    # Mounting the rest of the screen makes the flows it talks to; nothing heavier comes.
    assert [name for name in _forbidden(seen["at_first_frame"]) if name not in FLOWS_MODULES] == []
    assert "sandbox" in str(seen["banner"]).lower()  # the environment is on the banner
    # They do come, once the workspace opens: the check looked at the right moment.
    assert "console.desk.workspace" in seen["after"]
    assert "sqlite3" in seen["after"] and "httpx" in seen["after"]
    # The token field is in the first frame, the store picker (a Select, with its list) and
    # the multi-store fields come right after it, in their places (lookup_pane.py).
    assert "token" in seen["drawn_at_frame"] and "store-slot" in seen["drawn_at_frame"]
    assert not {"store", "multi-store", "product-id"} & set(seen["drawn_at_frame"])
    assert {"token", "store", "multi-store", "product-id", "currency"} <= set(seen["drawn_after"])
    assert "store-slot" not in seen["drawn_after"]
    # The token field keeps its width at every layout from the first frame on: the picker
    # takes the blank slot's place in one frame, never beside it.
    assert len(set(seen["token_widths"])) == 1, seen["token_widths"]
    # Only the banner and the lookup pane are drawn in the first frame; the lines hidden until
    # they have news come right after, in their places, then the body and the footer.
    assert seen["screen_at_frame"] == ["banner", "lookup"]
    assert seen["screen_after"][:5] == [
        "banner",
        "shared-history",
        "unknown-consumes",
        "lookup",
        "in-flight",
    ]
    assert "body" in seen["screen_after"]
    # The main screen is the first on the stack: no empty screen is laid out and swapped first.
    assert seen["screens"] == ["MainScreen"]
    # No garbage collection before the first frame (the start makes what lives as long as the
    # console); collections resume after it, with what the start made frozen out of them.
    assert seen["collecting_at_frame"] is False
    assert seen["collecting_after"] is True and seen["frozen_after"] > 0
    # The theme of the config file is set as the app is made: the stylesheet is parsed once,
    # with its colours, not parsed and styled again in the first instants.
    assert seen["theme_at_frame"] == ("nowgg-dark" if config is None else "nowgg-light")
    assert seen["css_refreshes_at_frame"] == 0
    # The banner's key check and the unknown consumes' count ran once the workspace opened.
    assert "console.tui.flows.environment_flow" in seen["after"]
    assert "console.tui.flows.unknown_flow" in seen["after"]


def test_the_flow_modules_named_are_the_flows_there_are() -> None:
    """A flow added later is kept out of the first frame too (or named here on purpose)."""
    flows = Path(__file__).parents[2] / "console" / "tui" / "flows"
    present = {path.stem for path in flows.glob("*.py")} - {"__init__", "host", "workers"}
    assert present == set(FLOWS)
