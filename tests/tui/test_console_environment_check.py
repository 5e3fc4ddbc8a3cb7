"""The palette's "Check environment": the doctor's steps in a dialog, each with its verdict,
words and time — a good key accepted (3901 for a token that cannot exist), a bad one refused
(3900) — and Escape closes it."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.server import SandboxServer
from console.tui.dialogs.environment_check import EnvironmentCheckDialog
from console.tui.keys.scopes import MAIN
from console.tui.screens.main_screen import MainScreen
from tests.tui.console_harness import console_app, console_environ, shown, wait_until


async def _checked(app: object, pilot: object) -> str:
    from textual.app import App
    from textual.pilot import Pilot

    assert isinstance(app, App) and isinstance(pilot, Pilot)
    app.run_binding(app.screen, MAIN, "check_environment", "Check environment")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentCheckDialog))
    dialog = app.screen
    assert isinstance(dialog, EnvironmentCheckDialog)
    await wait_until(pilot, lambda: dialog.check is not None)
    return shown(app, "#check-steps")  # type: ignore[arg-type]


async def test_a_good_key_passes_every_step_with_its_time(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        steps = await _checked(app, pilot)
        assert steps.startswith(f"qa  ·  {sandbox.url}")
        assert "Every step passed." in steps
        for name in ("dns", "tcp", "tls", "verify path", "key"):
            assert f" {name}" in steps, steps
        assert " ms  " in steps
        assert "FAIL" not in steps
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_a_refused_key_fails_the_key_step(tmp_path: Path, sandbox: SandboxServer) -> None:
    environ = console_environ(tmp_path, sandbox, keys={"qa": "nowgg-wrong-key-0000000000"})
    async with console_app(environ) as (app, pilot):
        steps = await _checked(app, pilot)
        key_line = next(line for line in steps.splitlines() if " key " in line)
        assert "FAIL" in key_line and "3900" in key_line, steps
