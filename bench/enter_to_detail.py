"""Enter-to-detail: from pressing Enter in the token field to the decoded purchase on screen,
against the local sandbox — with the desk's own lookup timed alongside, so what the screen adds
is a ratio measured in the same run.

Not a test: run `python bench/enter_to_detail.py [--trials 50] [--delay-ms 0]`. The whole
console runs headless (`App.run_test`, 120x40) on a `qa` environment pointing at a sandbox
served over loopback HTTP; the history is written (to a temp folder) as in real use. A trial
types a seeded token, then the clock starts at Enter and stops when the detail pane holds the
new purchase and shows it (the pane visible, its headline updated), polled every millisecond.
Keys are posted as the terminal driver posts them (`events.Key` into the app's queue), not
with `Pilot.press`, which also waits for the app to look idle and would be timed with it.
Each UI trial is followed by a bare `desk.lookup` of the same token in the same event loop.
Three warm-up trials of each are discarded (connection, imports); medians and p90 are shown.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# After the path fix, so a plain `python bench/…` works.
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

from console.desk.workspace import Workspace
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.settings.key_variables import key_variable
from console.settings.memory_keyring import MemoryKeyring
from console.tui.app import ConsoleApp
from console.tui.themes import shipped_themes_dir
from console.tui.widgets.purchase_detail import PurchaseDetail

TOKENS = ("sbx-paid-unconsumed-0001", "sbx-paid-consumed-0002")
SIZE = (120, 40)
WARM_UP = 3
TIMEOUT_S = 10.0
POLL_S = 0.001
SETTLE_S = 0.1
"""Before each timed run the app is left this long to finish drawing, so neither way is
timed while the screen is still busy with the previous one."""


def _headline(detail: PurchaseDetail) -> str:
    content = detail.query_one("#headline", Static).content
    return content.plain if isinstance(content, Content) else str(content)


def _shown(app: ConsoleApp, previous: object) -> bool:
    """The detail pane holds a purchase other than `previous` and shows it."""
    detail = app.screen.query_one(PurchaseDetail)
    if detail.outcome is None or detail.outcome is previous:
        return False
    visible = detail.display and all(
        getattr(ancestor, "display", True) for ancestor in detail.ancestors
    )
    return bool(visible) and "PAID" in _headline(detail)


async def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        await asyncio.sleep(POLL_S)


def _key(app: ConsoleApp, key: str, character: str) -> None:
    """A key as the terminal driver delivers it: an event in the app's queue. (Pilot.press
    also waits for the app to look idle, which would be timed with it.)"""
    app.post_message(events.Key(key, character))


async def _ui_trial(pilot: Pilot[None], token: str) -> float:
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    field = app.screen.query_one("#token", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    for character in token:
        _key(app, character if character.isalnum() else "minus", character)
    await _until(lambda: field.value == token, f"{token} typed")
    await pilot.pause(SETTLE_S)
    previous = app.screen.query_one(PurchaseDetail).outcome
    started = time.perf_counter()
    _key(app, "enter", "\r")
    await _until(lambda: _shown(app, previous), f"the detail of {token}")
    return time.perf_counter() - started


async def _desk_trial(app: ConsoleApp, token: str) -> float:
    started = time.perf_counter()
    outcome = await app.desk.lookup(PurchaseQuery(token))
    elapsed = time.perf_counter() - started
    if outcome.decoded is None:
        raise SystemExit(f"the desk could not look {token} up: not a fair run")
    return elapsed


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _run(args: argparse.Namespace) -> tuple[list[float], list[float]]:
    with (
        SandboxServer(delay_s=args.delay_ms / 1000) as sandbox,
        tempfile.TemporaryDirectory(prefix="nowgg-enter-") as folder,
    ):
        config = Path(folder) / "config.toml"
        config.write_text(
            f'[environments.qa]\nbase_url = "{sandbox.url}"\nlabel = "QA"\n', encoding="utf-8"
        )
        environ = {
            "NOWGG_CONSOLE_CONFIG": str(config),
            "NOWGG_CONSOLE_DATA": str(Path(folder) / "data"),
            key_variable("qa"): sandbox.api_key,
        }
        workspace = Workspace.open(environ=environ, keyring_backend=MemoryKeyring())
        environment = workspace.choose("qa")
        app = ConsoleApp(workspace, environment, theme_dirs=[shipped_themes_dir()])
        ui: list[float] = []
        desk: list[float] = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for trial in range(WARM_UP + args.trials):
                token = TOKENS[trial % len(TOKENS)]
                on_screen = await _ui_trial(pilot, token)
                await pilot.pause(SETTLE_S)  # the screen done with that one, as for the UI
                bare = await _desk_trial(app, token)
                if trial >= WARM_UP:
                    ui.append(on_screen)
                    desk.append(bare)
        return ui, desk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument(
        "--delay-ms",
        type=float,
        default=0.0,
        help="sandbox delay per reply (a network's round trip)",
    )
    args = parser.parse_args()
    ui, desk = asyncio.run(_run(args))
    print(
        f"Enter to detail against the loopback sandbox (delay {args.delay_ms:.0f} ms), "
        f"{args.trials} trials, console {SIZE[0]}x{SIZE[1]} headless"
    )
    rows = (("Enter -> detail on screen", ui), ("desk.lookup alone", desk))
    for label, values in rows:
        ms = [value * 1000 for value in values]
        print(
            f"  {label:<28} median {statistics.median(ms):7.1f} ms   "
            f"p90 {_percentile(ms, 0.9):7.1f} ms   min {min(ms):6.1f} ms"
        )
    ratio = statistics.median(ui) / statistics.median(desk)
    print(f"  {'ratio (medians)':<28} {ratio:7.2f} x  (screen / desk alone)")


if __name__ == "__main__":
    main()
