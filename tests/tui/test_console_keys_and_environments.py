"""The API key prompt (keyring only, never shown), switching environment in two keystrokes,
and opening with --token as a deep link."""

from __future__ import annotations

from pathlib import Path

from keyring.backends import fail
from textual.command import CommandList, CommandPalette
from textual.widgets import Button, Input

from console.sandbox.server import SandboxServer
from console.settings.keyring_store import SERVICE
from console.settings.memory_keyring import MemoryKeyring
from console.tui.dialogs.environment_picker import EnvironmentPicker
from console.tui.start import StartRequest
from tests.tui.console_harness import (
    console_app,
    console_environ,
    environment_table,
    look_up,
    shown,
    visible,
    wait_until,
)


async def test_a_missing_key_is_asked_for_stored_in_the_keyring_and_the_lookup_retried(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    keyring = MemoryKeyring()
    environ = console_environ(tmp_path, sandbox, keys={})
    async with console_app(environ, keyring=keyring) as (app, pilot):
        assert visible(app, "#key-prompt")
        assert "[no API key]" in shown(app, "#banner")
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        assert visible(app, "#key-prompt")
        field = app.screen.query_one("#key-input", Input)
        assert field.password
        field.focus()
        field.insert_text_at_cursor(sandbox.api_key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: visible(app, "#detail"))
        assert "PAID" in shown(app, "#headline")
        assert keyring.get_password(SERVICE, "qa") == sandbox.api_key
        assert field.value == ""
        assert "[no API key]" not in shown(app, "#banner")
        assert all(sandbox.api_key not in toast for toast in app.toasts)
        assert any("••••" in toast and "stored" in toast for toast in app.toasts)


async def test_no_usable_keyring_shows_the_reason_and_the_ways_out(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox, keys={})
    async with console_app(environ, keyring=fail.Keyring()) as (app, pilot):
        field = app.screen.query_one("#key-input", Input)
        field.insert_text_at_cursor("a-key-that-goes-nowhere-1234")
        await pilot.click("#key-store")
        await wait_until(pilot, lambda: "Not stored" in shown(app, "#key-problem"))
        problem = shown(app, "#key-problem")
        assert "no usable OS keyring" in problem
        assert "Ways out" in problem and "NOWGG_CONSOLE_API_KEY_QA" in problem
        assert "a-key-that-goes-nowhere-1234" not in problem


async def test_switching_environment_takes_two_keys_and_clears_the_purchase(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        assert shown(app, "#banner").startswith("qa")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EnvironmentPicker))
        await pilot.press("1")  # the built-in sandbox comes first
        await wait_until(pilot, lambda: app.environment.name == "sandbox")
        assert shown(app, "#banner").startswith("sandbox")
        assert not visible(app, "#detail")
        assert visible(app, "#hint")
        assert app.screen.query_one("#consume", Button).disabled
        assert app.screen.query_one("#consume-product-id", Input).value == ""


async def test_the_palette_switches_environment_by_name(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "Switch environment: production"
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.environment.name == "production")
        assert "PRODUCTION" in shown(app, "#banner")


async def test_a_token_given_at_start_is_looked_up_at_once(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    start = StartRequest(token="sbx-test-order-0005")
    async with console_app(console_environ(tmp_path, sandbox), start=start) as (app, pilot):
        await wait_until(pilot, lambda: visible(app, "#detail"))
        assert "TEST ORDER" in shown(app, "#headline")
        assert app.screen.query_one("#token", Input).value == "sbx-test-order-0005"


async def test_no_usable_keyring_offers_a_key_for_this_session_only(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = console_environ(tmp_path, sandbox, keys={})
    async with console_app(environ, keyring=fail.Keyring()) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        field = app.screen.query_one("#key-input", Input)
        field.insert_text_at_cursor(sandbox.api_key)
        await pilot.click("#key-store")
        await wait_until(pilot, lambda: "Not stored" in shown(app, "#key-problem"))
        assert "Use for this session only" in shown(app, "#key-problem")
        field.insert_text_at_cursor(sandbox.api_key)
        await pilot.click("#key-session")
        await wait_until(pilot, lambda: visible(app, "#detail"))
        assert "PAID" in shown(app, "#headline")
        await wait_until(pilot, lambda: "[key for this session only]" in shown(app, "#banner"))
        assert "[no API key]" not in shown(app, "#banner")
        assert field.value == ""
        assert all(sandbox.api_key not in toast for toast in app.toasts)
        assert any("for this session only" in toast and "••••" in toast for toast in app.toasts)
    # Gone on exit: a new console has no key for qa.
    async with console_app(environ, keyring=fail.Keyring()) as (app, _pilot):
        assert "[no API key]" in shown(app, "#banner")


async def test_the_banner_marks_an_environment_reached_over_plain_http(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = (
        environment_table("qa", sandbox.url)
        + environment_table("lab", "http://payments-lab.example.com/")
        + environment_table(
            "legacy", "http://payments-legacy.example.com/", allow_insecure_http=True
        )
    )
    keys = {"qa": sandbox.api_key, "lab": "k-lab-0000000000", "legacy": "k-legacy-00000000"}
    environ = console_environ(tmp_path, sandbox, config=config, keys=keys)
    async with console_app(environ) as (app, _pilot):
        assert "PLAIN HTTP" not in shown(app, "#banner")  # loopback: nothing leaves the machine
    async with console_app(environ, "lab") as (app, _pilot):
        assert "[PLAIN HTTP: the key travels unencrypted]" in shown(app, "#banner")
    async with console_app(environ, "legacy") as (app, _pilot):
        banner = shown(app, "#banner")
        assert "[PLAIN HTTP (allow_insecure_http): the key travels unencrypted]" in banner
