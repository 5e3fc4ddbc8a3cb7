"""The purchase tab at 80x24, 120x40 and 200x50: what a support agent needs is in sight —
the verdict, every anomaly's title, the Consume button — and values are never cut."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.widgets import Button

from console.sandbox.server import SandboxServer
from console.tui.widgets.consume_form import ConsumeForm
from tests.tui import console_harness
from tests.tui.console_harness import console_app, console_environ, look_up, wait_until

SAMPLE_003 = "sbx-sample-003-0011"
TITLES = (
    "Payment state and status text disagree",
    "Unpaid: do not grant the item",
    "sellerGoodsId and productId differ",
    "purchaseTime and purchaseTimeMillis disagree",
)


def screen_lines(svg: str) -> list[str]:
    """The screen as text, from the screenshot Textual draws (what a user sees, clipped)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>'
    for found in re.finditer(pattern, svg):
        text = html.unescape(found.group(3)).replace("\xa0", " ")
        rows.setdefault(float(found.group(2)), []).append((float(found.group(1)), text))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(line)
    return lines


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=str)
async def test_the_verdict_the_anomalies_and_consume_are_in_sight(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(console_harness, "SIZE", size)
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, SAMPLE_003)
        await pilot.pause()
        lines = screen_lines(app.export_screenshot())
        screen = "\n".join(lines)
        assert "UNPAID   NOT CONSUMED" in screen
        for title in TITLES:
            assert title in screen, f"{title!r} not in sight at {size}"
        assert "Consume…" in screen
        assert "Consume disabled: the purchase is not" in screen
        button = app.screen.query_one("#consume", Button)
        assert app.screen.region.contains_region(button.region)
        # Values whole, never "0 · " for "0 · Unpaid".
        assert any(re.search(r"purchaseState|Payment state +0 · Unpaid", line) for line in lines)
        assert "Payment state                 0 · Unpaid" in screen or size[0] >= 200
        form = app.screen.query_one(ConsumeForm)
        assert form.has_class("-compact") is (size[0] < 100)


async def test_the_compact_form_opens_its_fields(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_harness, "SIZE", (80, 24))
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        fields = app.screen.query_one("#consume-fields")
        assert not fields.display or fields.region.height == 0
        await pilot.click("#consume-edit")
        await wait_until(pilot, lambda: fields.region.height > 0)
        assert not app.screen.query_one("#consume", Button).disabled


async def test_at_200_columns_labels_and_values_are_whole(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_harness, "SIZE", (200, 50))
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")

        def text() -> str:
            return "\n".join(screen_lines(app.export_screenshot()))

        # The label on one line (once laid out at the final width).
        await wait_until(pilot, lambda: "Purchase time in ms (deprecated)" in text())
        whole = (
            "2024-10-30 06:08:01 UTC · 2024-10-30 06:08:01 UTC local (assumed milliseconds "
            "since the epoch)"
        )
        assert whole in text()


async def test_wrapped_anomaly_text_keeps_its_indent(
    tmp_path: Path, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_harness, "SIZE", (120, 40))
    async with console_app(console_environ(tmp_path, sandbox)) as (app, pilot):
        await look_up(pilot, "sbx-paid-unconsumed-0001")
        await pilot.pause()
        lines = screen_lines(app.export_screenshot())
        start = next(i for i, line in enumerate(lines) if "Paid but not consumed" in line)
        meaning = []
        for line in lines[start + 1 :]:
            if not line.strip() or "Field" in line:
                break
            meaning.append(line)
        assert len(meaning) >= 2  # wrapped
        assert all(line.startswith("     ") for line in meaning), meaning
