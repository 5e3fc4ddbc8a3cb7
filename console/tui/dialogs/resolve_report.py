"""What resolving found: for each consume of unknown outcome, whether it went through, the
proof (the verify that settled it: what now.gg says now, when), and what was recorded on its
row — and those left alone, with why and until when. Resolving changes only the history: no
consume is sent from here.

Dismissed with True when "resolve now" is chosen (those left for their request's deadline, at
once; never one a live process holds), else False.

Every value comes from the history or the reply: `SafeText` in `Content`, never markup."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from console.desk.resolving import Resolution, ResolveReport, Settled, Waiting
from console.payments import mask_token
from console.tui.keys.bindings import keymap_of, scope_bindings, use_keymap
from console.tui.keys.scopes import RESOLVED, Scope
from console.tui.outside_text import SafeText, safe_text

_VERDICTS: dict[Settled, tuple[str, str]] = {
    Settled.CONSUMED: ("WENT THROUGH", "bold $text-success"),
    Settled.NOT_CONSUMED: ("DID NOT GO THROUGH", "bold $text-warning"),
    Settled.STILL_UNKNOWN: ("STILL UNKNOWN", "bold $text-error"),
    Settled.ALREADY_SETTLED: ("ALREADY SETTLED", "bold"),
}


def _local(moment: object) -> str:
    from datetime import datetime

    assert isinstance(moment, datetime)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _about(item: Resolution | Waiting, safe: SafeText) -> str:
    entry = item.entry
    token = safe(mask_token(entry.token)) if entry.token else "(no token)"
    return f"entry {entry.id} · {safe(entry.environment)} · {token} · sent {_local(entry.at)}"


def report_content(report: ResolveReport, now_key: str, safe: SafeText) -> Content:
    if report.empty:
        return Content("No consume of unknown outcome is waiting: there is nothing to resolve.")
    parts: list[str | tuple[str, str]] = []
    for resolution in report.resolutions:
        verdict, style = _VERDICTS[resolution.settled]
        parts += ["\n", (verdict, style), "  ", _about(resolution, safe)]
        parts += ["\n    ", safe(resolution.message)]
        proof = resolution.proof
        if proof is not None and proof.decoded is not None:
            order_id = proof.decoded.purchase.order_id
            parts += [
                ("\n    Proof: ", "$text-muted"),
                safe(proof.decoded.headline),
                f" · order id {safe(order_id)}" if isinstance(order_id, str) else "",
                f" · verified {_local(proof.at)} on {safe(proof.host)}",
            ]
    for waiting in report.in_flight:
        parts += ["\n", ("LEFT ALONE", "bold"), "  ", _about(waiting, safe)]
        parts += ["\n    its console is still running: its consume may still be under way"]
    for waiting in report.too_recent:
        parts += ["\n", ("NOT YET", "bold"), "  ", _about(waiting, safe)]
        until = f" until {_local(waiting.until)}" if waiting.until is not None else ""
        parts += [f"\n    its request may still be running{until}; {now_key} resolves it now"]
    return Content.assemble(("Resolving consumes of unknown outcome", "bold"), "\n", *parts)


class ResolveReportDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ResolveReportDialog {
        align: center middle;
    }
    ResolveReportDialog > Vertical {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    ResolveReportDialog VerticalScroll {
        height: auto;
        max-height: 30;
    }
    ResolveReportDialog #resolve-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ResolveReportDialog Button {
        margin-left: 2;
    }
    """

    BINDINGS = scope_bindings(RESOLVED)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = RESOLVED

    def __init__(self, report: ResolveReport) -> None:
        super().__init__()
        use_keymap(self, RESOLVED)
        self._report = report

    def compose(self) -> ComposeResult:
        keymap = keymap_of(self)
        with Vertical():
            with VerticalScroll():
                yield Static(
                    report_content(self._report, keymap.shown("resolved.now"), safe_text(self)),
                    id="resolve-report",
                )
            with Horizontal(id="resolve-buttons"):
                if self._report.too_recent:
                    label = f"Resolve now ({keymap.shown('resolved.now')})"
                    yield Button(Content(label), id="resolve-now", variant="warning")
                yield Button(Content("Close"), id="resolve-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#resolve-close", Button).focus()

    @on(Button.Pressed, "#resolve-close")
    def action_close(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#resolve-now")
    def action_resolve_now(self) -> None:
        if self._report.too_recent:
            self.dismiss(True)
