"""Issue 7's property test: arbitrary strings — escape sequences, C1 controls, `[`/`]` markup,
bidi and zero-width characters, very long ones — in every field of a reply, through the
decoder, the command line's renderers (verify and consume output, history rows, exports) and
the console's widgets (purchase detail, consume form, error callout, copy picker): nothing
crashes, nothing reaches a terminal raw, no markup is interpreted (what is shown is the
printable form of what came)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input, Static

from console.cli.history_command import history_row
from console.cli.output import Output
from console.cli.render_failure import render_failure
from console.cli.render_lookup import render_lookup, render_proof
from console.cli.style import Style
from console.desk import Failure, LookupOutcome
from console.desk.failures import failure_from_error
from console.history import Action, HistoryEntry, Outcome
from console.history.export import to_csv, to_markdown
from console.payments.catalog import Explanation
from console.payments.decode import decode_purchase
from console.payments.errors import InputRejected, PaymentsError
from console.payments.models import PURCHASE_WIRE_NAMES
from console.payments.parse import parse_envelope, parse_purchase
from console.payments.query import PurchaseQuery
from console.payments.severity import Severity
from console.settings.environments import adhoc_environment
from console.text_safety import printable
from console.tui.clipboard import copy_choices
from console.tui.outside_text import SafeText
from console.tui.palette import plain_palette
from console.tui.widgets.consume_form import ConsumeForm
from console.tui.widgets.error_callout import ErrorCallout
from console.tui.widgets.purchase_detail import PurchaseDetail
from tests.hostile_text import (
    BIDI,
    C1_CSI,
    CLEAR,
    MARKUP_BOLD,
    MARKUP_CLOSE,
    MARKUP_LINK,
    MARKUP_WORD,
    TITLE,
    ZERO_WIDTH,
    raw_controls,
)
from tests.tui.hostile_harness import raw_on_screen

_FRAGMENTS = [
    TITLE,
    CLEAR,
    C1_CSI,
    BIDI,
    ZERO_WIDTH,
    MARKUP_CLOSE,
    MARKUP_BOLD,
    MARKUP_LINK,
    MARKUP_WORD,
    "[",
    "]",
    "[/",
    "\\",
    "$var",
    "\r\n",
    "\u2028",
    "\x00",
    "\x7f",
    "\ufeff",
    "\U000e0041",
]
hostile_text = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=4)), max_size=8).map("".join),
    st.builds(lambda piece, times: piece * times, st.sampled_from(_FRAGMENTS), st.just(400)),
)
# The wire fields a reply carries as free text; the states, times and the test flag are typed
# (a reply that breaks their type is refused by the parser: that path is drawn too).
_TYPED = {"purchaseState", "consumptionState", "purchaseTime", "purchaseTimeMillis", "isTestOrder"}
_TEXT_FIELDS = sorted(set(PURCHASE_WIRE_NAMES.values()) - _TYPED)

ENVIRONMENT = adhoc_environment("http://127.0.0.1:1/")
HOST = "127.0.0.1:1"


@st.composite
def replies(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {name: draw(hostile_text) for name in _TEXT_FIELDS}
    data["purchaseState"] = draw(st.sampled_from([1, 0, 2, 7]))
    data["consumptionState"] = draw(st.sampled_from([0, 1, 5]))
    data["purchaseTime"] = draw(st.sampled_from(["1730268481000", "1730268481", None]))
    data["isTestOrder"] = draw(st.sampled_from([True, False, None]))
    data[draw(hostile_text) or "extra"] = draw(hostile_text)
    if draw(st.integers(0, 9)) == 0:  # now and then a reply the parser refuses, quoting it
        data[draw(st.sampled_from(sorted(_TYPED)))] = draw(hostile_text)
    return {"success": True, "code": 0, "codeMsg": draw(hostile_text), "data": data}


def _outcome(reply: dict[str, Any], token: str) -> LookupOutcome:
    """The reply through the decoder, as the desk would hand it to a front end."""
    body = json.dumps(reply).encode()  # ASCII JSON: lone surrogates travel as \\ud800
    decoded, failure = None, None
    try:
        decoded = decode_purchase(parse_purchase(parse_envelope(200, "application/json", body)))
    except PaymentsError as error:
        failure = failure_from_error(error)
    try:
        query: PurchaseQuery | None = PurchaseQuery(token)
    except InputRejected:
        query = None  # a hostile token makes no query: the screen shows it as typed
    return LookupOutcome(
        ENVIRONMENT, HOST, token, query, decoded, failure, None, reply, 12.0, datetime.now(UTC)
    )


def _failure(reason: str, title: str) -> Failure:
    explanation = Explanation(
        code=3800,
        source=None,
        name=title,
        meaning=reason,
        causes=(reason,),
        next_steps=(title,),
        retry_safe=False,
        severity=Severity.DANGER,
    )
    return Failure("api_error", Outcome.API, reason, explanation, api_code=3800)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _terminal_output() -> tuple[Output, _Terminal]:
    stream = _Terminal()
    return Output(stream, stream, Style(enabled=True)), stream


def _entry(reply: dict[str, Any], text: str) -> HistoryEntry:
    order_id = reply["data"].get("orderId")
    return HistoryEntry(
        id=7,
        at=datetime.now(UTC),
        operator=text or "op",
        environment=text or "qa",
        host=HOST,
        action=Action.CONSUME,
        token=text or "tok",
        store="nowgg",
        product_id=text or None,
        order_id=order_id if isinstance(order_id, str) else None,
        outcome=Outcome.API,
        code=3800,
        reason=text,
        reply=reply,
        note=text or None,
    )


# --- the command line ---------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(replies(), hostile_text)
def test_verify_and_consume_output_is_printable(reply: dict[str, Any], token: str) -> None:
    outcome = _outcome(reply, token)
    output, terminal = _terminal_output()
    output.lines(render_lookup(outcome, output.style))
    output.lines(render_proof(outcome, output.style))
    output.lines(render_failure(_failure(reply["codeMsg"], token), output.style))
    text = terminal.getvalue()
    assert raw_controls(text, own_colours=True) == []
    asked = outcome.query.token if outcome.query else token.strip()
    assert f"Token        {printable(asked)}" in text
    assert f"✗ {printable(reply['codeMsg'])}" in text
    order_id = reply["data"].get("orderId")
    if outcome.decoded is not None and isinstance(order_id, str) and order_id:
        assert f"Order id     {printable(order_id)}" in text


@settings(max_examples=100, deadline=None)
@given(replies(), hostile_text)
def test_history_rows_and_exports_are_printable_on_a_terminal(
    reply: dict[str, Any], text: str
) -> None:
    entry = _entry(reply, text)
    output, terminal = _terminal_output()
    output.lines([history_row(entry)])
    assert raw_controls(terminal.getvalue(), own_colours=True) == []
    if entry.note:
        assert f"[{printable(entry.note)}]" in terminal.getvalue()
    for export in (to_markdown([entry]), to_csv([entry])):
        output, terminal = _terminal_output()
        output.document(export)
        assert raw_controls(terminal.getvalue()) == []
        piped = io.StringIO()
        Output(piped, piped, Style(enabled=False)).document(export)
        assert piped.getvalue().rstrip("\n") == export.rstrip("\n")  # a file keeps the data


# --- the console --------------------------------------------------------------------------


class _Widgets(App[None]):
    def compose(self) -> ComposeResult:
        yield PurchaseDetail(id="detail")
        yield ConsumeForm(id="consume-form")
        yield ErrorCallout(id="callout")


def _plain(app: App[None], selector: str) -> str:
    content = app.query_one(selector, Static).content
    assert isinstance(content, Content)
    return content.plain


def _prompts(app: App[None]) -> Iterator[str]:
    for option in app.screen.query_one(CommandList).options:
        yield str(getattr(option.prompt, "plain", option.prompt))


async def _show_in_widgets(outcome: LookupOutcome, failure: Failure) -> None:
    app = _Widgets()
    async with app.run_test(size=(120, 40)) as pilot:
        decoded = outcome.decoded
        if decoded is not None:
            app.query_one(PurchaseDetail).show(outcome)
            app.query_one(ConsumeForm).fill(outcome)
        app.query_one(ErrorCallout).show(failure, "Lookup failed", offer_elsewhere=True)
        choices = copy_choices(outcome)
        safe = SafeText()
        entries = [(safe(label), lambda: None, safe(preview)) for label, _, preview in choices]
        await app.push_screen(plain_palette(app.screen, entries, "Copy which value?"))
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        shown = "\n".join(_prompts(app))
        for label, _, preview in choices:
            assert printable(label) in shown and printable(preview) in shown
        assert raw_on_screen(app) == []
        palette.dismiss()
        await pilot.pause()
        assert raw_on_screen(app) == []
        assert printable(failure.reason) in _plain(app, "#explanation")
        if decoded is not None:
            order_id = decoded.purchase.order_id
            if isinstance(order_id, str):
                assert f"Order {printable(order_id)}" in _plain(app, "#headline")
            payload = decoded.purchase.developer_payload
            if isinstance(payload, str) and payload.strip():
                field = app.query_one("#consume-payload", Input)
                assert field.value == printable(payload)
                request = app.query_one(ConsumeForm).request()
                # Sent as the reply holds it, not as shown.
                assert request is None or request.developer_payload == payload


@settings(max_examples=25, deadline=None)
@given(replies(), hostile_text, hostile_text)
def test_the_console_widgets_show_everything_literally(
    reply: dict[str, Any], token: str, reason: str
) -> None:
    outcome = _outcome(reply, token)
    asyncio.run(_show_in_widgets(outcome, _failure(reason, token)))
