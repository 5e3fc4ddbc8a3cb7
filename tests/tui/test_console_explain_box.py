"""The explain box (ctrl+n, or "Explain a code…" in the palette): a code's server and client SDK
meanings side by side; a code nobody documented is said to be one, with the nearest."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from console.sandbox.server import SandboxServer
from console.tui.dialogs.explain_box import ExplainBox
from tests.tui.console_harness import console_app, console_environ, shown, wait_until


async def test_ctrl_n_explains_a_code_from_both_places(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ExplainBox))
        await pilot.press("1", "0", "2")
        await wait_until(pilot, lambda: "INVALID_PURCHASE_TOKEN" in shown(app, "#explain-client"))
        assert "The server has no code 102" in shown(app, "#explain-server")
        field = app.screen.query_one("#explain-code", Input)
        field.value = "3901"
        await wait_until(
            pilot, lambda: "3901 · INVALID_PURCHASE_TOKEN" in shown(app, "#explain-server")
        )
        assert "What to do:" in shown(app, "#explain-server")
        field.value = "0"
        await wait_until(pilot, lambda: "both places" in shown(app, "#explain-note"))
        field.value = "9999"
        await wait_until(pilot, lambda: "not a documented code" in shown(app, "#explain-note"))
        assert "5015" in shown(app, "#explain-note")
        field.value = "abc"
        await wait_until(pilot, lambda: "is not a code" in shown(app, "#explain-note"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExplainBox))


async def test_the_palette_opens_the_explain_box(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Explain a code")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExplainBox))
