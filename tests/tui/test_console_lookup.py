"""Looking purchases up: every seeded state reads at a glance (badges in words, anomalies with
their meaning, every field), multi-store fields appear for a multi-store store, and a pasted
token with whitespace is cleaned and says so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select

from console.sandbox.server import SandboxServer
from console.tui.widgets.result_area import ResultArea
from tests.tui.console_harness import (
    console_app,
    console_environ,
    look_up,
    shown,
    table_text,
    wait_until,
)

SEEDED_STATES = [
    ("sbx-paid-unconsumed-0001", "PAID   NOT CONSUMED", "1 · Paid"),
    ("sbx-paid-consumed-0002", "PAID   CONSUMED", "1 · Consumed"),
    ("sbx-unpaid-0003", "UNPAID   NOT CONSUMED", "0 · Unpaid"),
    ("sbx-failed-0004", "FAILED", "2 · Failed"),
    ("sbx-test-order-0005", "TEST ORDER", "Yes: a test order, no real money"),
    ("sbx-extra-fields-0014", "PAID", "OTHER FIELDS"),
]


async def test_each_seeded_state_reads_in_words(tmp_path: Path, sandbox: SandboxServer) -> None:
    # One console for all of them, as a support agent looks up one token after another.
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        assert app.focused is app.screen.query_one("#token", Input)  # focused at start
        for number, (token, badges, field_text) in enumerate(SEEDED_STATES):
            await look_up(pilot, token, typed=number == 0)
            assert badges in shown(app, "#headline"), token
            assert field_text in table_text(app.screen.query_one("#fields", DataTable)), token


async def test_anomalies_are_listed_with_their_meaning_by_severity(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-sample-003-0011")
        # Meanings are wrapped to the pane, each line indented: read them as words.
        anomalies = " ".join(shown(app, "#anomalies").split())
        assert "DANGER Payment state and status text disagree" in anomalies
        assert "Do not grant or consume" in anomalies
        assert anomalies.index("DANGER") < anomalies.index("WARNING")


async def test_multi_store_fields_appear_and_are_sent(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        multi = app.screen.query_one("#multi-store")
        assert not multi.has_class("-shown")
        app.screen.query_one("#store", Select).value = "xiaomi"
        await wait_until(pilot, lambda: multi.has_class("-shown"))
        app.screen.query_one("#product-id", Input).value = "com.example.gems.500"
        app.screen.query_one("#currency", Input).value = "INR"
        await look_up(pilot, "sbx-xiaomi-0006")
        assert "PAID" in shown(app, "#headline")
        assert "com.example.gems.500" in table_text(app.screen.query_one("#fields", DataTable))


async def test_a_pasted_token_is_cleaned_and_says_so(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        field = app.screen.query_one("#token", Input)
        field.value = "   sbx-paid-unconsumed-0001   "
        await pilot.press("enter")
        result = app.screen.query_one(ResultArea)
        await wait_until(pilot, lambda: result.outcome is not None)
        assert "PAID" in shown(app, "#headline")
        assert "Token cleaned: removed surrounding whitespace" in shown(app, "#token-note")
