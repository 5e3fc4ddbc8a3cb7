"""Issue 7, items 4, 5 and 7, in the console: a hostile server's escape sequences, markup and
echoed key pieces are shown literally (escapes visible, markup as words, the key masked) on
every path that used to write them raw or crash on them — and what is sent stays exact."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, TextArea

from console.payments.wire import CONSUME_PATH
from console.text_safety import printable
from console.tui.dialogs.confirm_consume import ConfirmConsume
from console.tui.widgets.purchase_detail import FieldTable
from tests.hostile_server import HostileServer, error_envelope, json_reply
from tests.hostile_text import EVIL, MARKUP_CLOSE, MARKUP_WORD, TITLE, hostile_purchase
from tests.tui.console_harness import click_shown, console_app, look_up, shown, visible, wait_until
from tests.tui.hostile_harness import (
    KEY,
    drawn_toasts,
    hostile_environ,
    palette_entries,
    raw_on_screen,
)

ORDER_ID = f"1-2024{TITLE}{MARKUP_CLOSE}"
PAYLOAD = f"gift {EVIL}"


def _serve_purchase(hostile: HostileServer, **fields: str) -> None:
    """A paid, unconsumed purchase, hostile in every string field (its product ids agree, so
    the guards allow a consume)."""
    chosen = {
        "orderId": ORDER_ID,
        "developerPayload": PAYLOAD,
        "productId": "gems_100",
        "sellerGoodsId": "gems_100",
    }
    hostile.default = json_reply(hostile_purchase(**(chosen | fields)))


async def test_the_purchase_and_the_consume_form_show_escapes_and_send_the_data(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    hostile.reply_for_path(CONSUME_PATH, json_reply(error_envelope(0, "ok") | {"success": True}))
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        headline = shown(app, "#headline")
        assert f"Order {printable(ORDER_ID)}" in headline
        assert app.screen.query_one("#consume-payload", Input).value == printable(PAYLOAD)
        assert raw_on_screen(app) == []
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        assert printable(PAYLOAD) in shown(app, "#summary")
        assert raw_on_screen(app) == []
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        [consume] = [request for request in hostile.requests if request.path.endswith(CONSUME_PATH)]
        # Shown escaped, sent as the reply holds it.
        assert consume.form["developerPayload"] == PAYLOAD
        assert raw_on_screen(app) == []
        assert app.return_code is None  # still running


async def test_the_copy_picker_lists_markup_as_words(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: bool(palette_entries(app)))
        entries = "\n".join(palette_entries(app))
        assert printable(ORDER_ID) in entries
        assert "extra:" in entries and MARKUP_CLOSE in entries  # an unknown field's name
        assert raw_on_screen(app) == []
        await pilot.press(*"orderId", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert app.clipboard == ORDER_ID  # the value as sent, for the ticket
        await wait_until(pilot, lambda: any("Copied" in t for t in drawn_toasts(app)))
        assert any(MARKUP_CLOSE in toast for toast in drawn_toasts(app))
        assert app.return_code is None


async def test_c_on_a_field_copies_and_says_so_literally(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        table = app.screen.query_one(FieldTable)
        table.focus()
        row = next(
            index
            for index in range(table.row_count)
            if (field := table._fields[index]) is not None and field.wire_name == "orderId"
        )
        table.move_cursor(row=row)
        await pilot.press("c")
        await wait_until(pilot, lambda: any("Copied" in t for t in drawn_toasts(app)))
        assert app.clipboard == ORDER_ID
        assert any(printable(ORDER_ID)[:40] in toast for toast in drawn_toasts(app))
        assert raw_on_screen(app) == []
        assert app.return_code is None


async def test_the_refusal_after_a_re_verify_is_shown_literally(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        # Between the lookup and the consume, the purchase vanished: verifying again fails.
        hostile.default = json_reply(error_envelope(3901, f"{MARKUP_WORD} {MARKUP_CLOSE}"))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: any("Consume refused" in t for t in drawn_toasts(app)))
        refusal = next(t for t in drawn_toasts(app) if "Consume refused" in t)
        assert MARKUP_WORD in refusal and MARKUP_CLOSE in refusal
        assert MARKUP_WORD in shown(app, "#explanation")
        assert not any(r.path.endswith(CONSUME_PATH) for r in hostile.requests)
        assert app.return_code is None


async def _consume_answered(tmp_path: Path, hostile: HostileServer, code: int) -> None:
    _serve_purchase(hostile)
    code_msg = f"{MARKUP_CLOSE} {MARKUP_WORD} {TITLE}"
    hostile.reply_for_path(CONSUME_PATH, json_reply(error_envelope(code, code_msg)))
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmConsume))
        await click_shown(pilot, "#confirm")
        await wait_until(pilot, lambda: visible(app, "#consume-result"))
        result = shown(app, "#consume-result")
        assert MARKUP_CLOSE in result and MARKUP_WORD in result
        await wait_until(pilot, lambda: any(t.startswith("Consume:") for t in drawn_toasts(app)))
        outcome = next(t for t in drawn_toasts(app) if t.startswith("Consume:"))
        assert MARKUP_CLOSE in outcome and MARKUP_WORD in outcome
        # The next key works: the screen did not freeze.
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: visible(app, "#history-table"))
        assert raw_on_screen(app) == []
        assert app.return_code is None


async def test_the_outcome_of_a_consume_answered_3800_with_markup(
    tmp_path: Path, hostile: HostileServer
) -> None:
    await _consume_answered(tmp_path, hostile, 3800)


async def test_the_outcome_of_a_consume_answered_3901_with_markup(
    tmp_path: Path, hostile: HostileServer
) -> None:
    await _consume_answered(tmp_path, hostile, 3901)


async def test_a_pasted_token_with_escapes_is_shown_escaped_and_refused(
    tmp_path: Path, hostile: HostileServer
) -> None:
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, f"tok{TITLE}en")
        field = app.screen.query_one("#token", Input)
        assert field.value == printable(f"tok{TITLE}en")
        assert "U+001B ESCAPE" in shown(app, "#explanation")  # the desk saw the paste itself
        assert raw_on_screen(app) == []
        assert hostile.requests == []


async def test_a_key_echoed_in_part_is_masked_on_screen(
    tmp_path: Path, hostile: HostileServer
) -> None:
    piece = KEY[4:16]
    _serve_purchase(hostile, orderId=f"1/{piece}", payStatusTxt=f"key {piece}")
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        assert "Order 1/••••" in shown(app, "#headline")
        table = app.screen.query_one(FieldTable)
        cells = [
            str(getattr(cell, "plain", cell))
            for index in range(table.row_count)
            for cell in table.get_row_at(index)
        ]
        assert any("key ••••" in cell for cell in cells)
        assert piece not in app.export_screenshot()
        await pilot.press("ctrl+r")  # the reply as it came: the key still masked
        await wait_until(pilot, lambda: visible(app, "#raw-json"))
        screenshot = app.export_screenshot()
        assert "1/••••" in screenshot and piece not in screenshot


async def test_a_pasted_worklist_shows_escapes_and_names_them(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: visible(app, "#worklist-input"))
        area = app.screen.query_one("#worklist-input", TextArea)
        area.focus()
        area.post_message(events.Paste(f"tok-1\ntok{TITLE}2\n"))
        await pilot.pause()
        assert area.text == f"tok-1\n{printable(f'tok{TITLE}2')}\n"
        await pilot.click("#worklist-verify")
        await wait_until(pilot, lambda: "done" in shown(app, "#worklist-count"))
        # The bad line was parsed as pasted, so the reason names the character.
        assert "U+001B ESCAPE" in shown(app, "#worklist-notices-text")
        assert [r.token for r in hostile.requests] == ["tok-1"]
        assert raw_on_screen(app) == []


async def test_the_history_pane_and_the_note_dialog_show_escapes(
    tmp_path: Path, hostile: HostileServer
) -> None:
    _serve_purchase(hostile)
    async with console_app(hostile_environ(tmp_path, hostile), notifications=True) as (
        app,
        pilot,
    ):
        await look_up(pilot, "tok-1")
        app.workspace.history.set_note(1, f"ZD-1 {TITLE}{MARKUP_CLOSE}")  # type: ignore[union-attr]
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: visible(app, "#history-table"))
        table = app.screen.query_one("#history-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        detail = shown(app, "#history-detail")
        assert printable(ORDER_ID) in detail and MARKUP_CLOSE in detail
        assert raw_on_screen(app) == []
        await pilot.press("t")
        await wait_until(pilot, lambda: bool(app.screen.query("#note-input")))
        note = app.screen.query_one("#note-input", Input)
        assert note.value == printable(f"ZD-1 {TITLE}{MARKUP_CLOSE}")
        assert raw_on_screen(app) == []
        await pilot.press("enter")  # saved untouched: the note is kept as it was
        await wait_until(pilot, lambda: not app.screen.query("#note-input"))
        entry = app.workspace.history.get(1)  # type: ignore[union-attr]
        assert entry is not None and entry.note == f"ZD-1 {TITLE}{MARKUP_CLOSE}"
