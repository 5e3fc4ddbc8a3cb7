"""Failures are explained where the purchase would have been — API codes and HTTP, parse,
network problems alike — and the 3901 search finds the token in another environment, one key
away from switching there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.sandbox.server import SandboxServer
from console.sandbox.state import SandboxState
from console.tui.app import ConsoleApp
from console.tui.widgets.elsewhere_panel import ElsewherePanel
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    look_up,
    shown,
    visible,
    wait_until,
)

EXPLAINED = [
    ("no-such-token-0000", "3901 · INVALID_PURCHASE_TOKEN", "Next steps"),
    ("sbx-fault-html-502", "502", "Meaning"),
    ("sbx-fault-empty-body", "mpty", "Retrying"),
    ("sbx-fault-code-150", "150", "Likely causes"),
]


def assert_explained(app: ConsoleApp, title: str, words: str) -> None:
    assert visible(app, "#callout")
    assert not visible(app, "#detail")
    text = shown(app, "#explanation")
    assert title in text.splitlines()[0], text
    assert words in text
    # Only an invalid token gets the offer to look elsewhere.
    assert app.screen.query_one("#search-elsewhere").display == title.startswith("3901")


async def test_api_http_and_parse_failures_are_explained_inline(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        for token, title, words in EXPLAINED:
            await look_up(pilot, token)
            assert_explained(app, title, words)


async def test_a_refused_key_is_explained_and_the_key_prompt_offered(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox, keys={"qa": "wrong-key-1234"})
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        assert visible(app, "#key-prompt")
        text = shown(app, "#explanation")
        assert "3900 · INVALID_AUTHORIZATION_KEY" in text and "Likely causes" in text


async def test_a_timeout_is_explained_after_the_environment_timeout(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = environment_table("qa", sandbox.url, timeout=0.3)
    async with console_app(console_environ(tmp_path, sandbox, config=config)) as (app, pilot):
        await look_up(pilot, "sbx-fault-no-reply")
        text = shown(app, "#explanation")
        assert "0.3" in text and "imeout" in text.splitlines()[0] + text
        assert "Retrying" in text


@pytest.fixture(scope="module")
def empty_sandbox() -> Iterator[SandboxServer]:
    """A second now.gg where no token exists: the "wrong environment" of on-call."""
    with SandboxServer(state=SandboxState(seeds=())) as server:
        yield server


async def test_3901_finds_the_token_in_another_environment_and_switches_there(
    tmp_path: Path, sandbox: SandboxServer, empty_sandbox: SandboxServer
) -> None:
    config = environment_table("qa", empty_sandbox.url) + environment_table("qa2", sandbox.url)
    environ = console_environ(
        tmp_path,
        sandbox,
        config=config,
        keys={"qa": empty_sandbox.api_key, "qa2": sandbox.api_key},
    )
    async with console_app(environ) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        assert "3901" in shown(app, "#explanation")
        await pilot.press("ctrl+f")
        panel = app.screen.query_one(ElsewherePanel)
        await wait_until(pilot, lambda: bool(panel.hits))
        listing = shown(app, "#elsewhere")
        found = re.search(r"\[(\d)\] qa2  FOUND: Paid · Not consumed", listing)
        assert found is not None, listing
        assert "production  skipped: no API key" in listing
        assert app.focused is panel
        # The switcher's number (ctrl+e) for qa2, not "hit 1": one digit, one environment.
        names = [environment.name for environment in app.workspace.settings.environments]
        assert int(found.group(1)) == names.index("qa2") + 1 != 1
        await pilot.press(found.group(1))
        await wait_until(pilot, lambda: app.environment.name == "qa2")
        assert shown(app, "#banner").startswith("qa2")
        assert "PAID" in shown(app, "#headline")
