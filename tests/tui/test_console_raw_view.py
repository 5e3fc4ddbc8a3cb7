"""ctrl+r shows any body received, as it came: an HTML 502 page and JSON cut off are text shown
literally (never "no body to show"), with the status and content type in the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from tests.tui.console_harness import console_app, console_environ, look_up, shown, wait_until


@pytest.mark.parametrize(
    ("token", "status", "words"),
    [
        ("sbx-fault-html-502", "HTTP 502", "<title>502 Bad Gateway</title>"),
        ("sbx-fault-malformed-json", "HTTP 200", '{"'),
    ],
)
async def test_the_raw_view_shows_the_body_received(
    tmp_path: Path, sandbox: SandboxServer, token: str, status: str, words: str
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, token)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.screen.query_one("#raw").display)
        body = shown(app, "#raw-json")
        assert "no reply body" not in body
        assert words in body, body
        title = str(app.screen.query_one("#raw").border_title)
        assert title.startswith(f"Body received ({status}, "), title
        assert "bytes of text)" in title
