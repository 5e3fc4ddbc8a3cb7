"""The consume form, pre-filled from the lookup. It is disabled, with the reason in words,
whenever the desk's guards would refuse (read-only environment, client-side store, unpaid,
failed, consumed, contradictory): the form shows the guards' verdict, it does not judge.

"Force" overrides only the purchase-state guards, is never ticked by itself, and is unticked
again by every new lookup.

Values filled in from a reply are shown printable (a payload may hold ESC sequences) and sent
as the reply holds them, unless the operator edits them (`SafeInput`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Label, Select, Static

from console.tui import steady_text
from console.tui.outside_text import safe_text
from console.tui.widgets.lookup_pane import STORE_OPTIONS
from console.tui.widgets.safe_fields import SafeInput

if TYPE_CHECKING:
    from console.desk import ConsumePreview, LookupOutcome


@dataclass(frozen=True)
class ConsumeRequest:
    token: str
    store: str
    product_id: str | None
    currency: str | None
    developer_payload: str | None
    force: bool


class ConsumeForm(Vertical):
    DEFAULT_CSS = """
    ConsumeForm {
        width: 42;
        height: 1fr;
        padding: 0 1;
        border: round $secondary;
        border-title-color: $text;
        border-title-style: bold;
    }
    ConsumeForm Label {
        color: $text-muted;
    }
    ConsumeForm Input, ConsumeForm Select {
        margin-bottom: 1;
    }
    ConsumeForm Input, ConsumeForm Select {
        width: 1fr;
    }
    ConsumeForm #force {
        margin-top: 1;
    }
    ConsumeForm #consume-fields {
        height: auto;
    }
    ConsumeForm #consume-actions {
        height: auto;
        margin-top: 1;
    }
    ConsumeForm #consume {
        width: 1fr;
    }
    ConsumeForm #consume-edit {
        display: none;
        margin-left: 1;
    }
    ConsumeForm #reason {
        margin-top: 1;
        height: auto;
        /* The verdict's usual two lines ("Allowed. It is verified again…") kept while a
           lookup says "Look a purchase up first." in one: the column, which has room below,
           then keeps its shape, and an answer lays out nothing here (the bar of a narrow
           screen below takes the lines it needs). */
        min-height: 2;
    }
    /* A narrow screen: the form is a bar below the purchase, the button and the verdict in
       sight; its pre-filled fields open behind "Fields". */
    ConsumeForm.-compact {
        width: 1fr;
        height: auto;
        border: none;
        border-top: solid $secondary;
        padding: 0 1;
    }
    ConsumeForm.-compact #consume-fields {
        display: none;
    }
    ConsumeForm.-compact.-expanded #consume-fields {
        display: block;
    }
    ConsumeForm.-compact #consume-actions {
        margin-top: 0;
    }
    ConsumeForm.-compact #consume-edit {
        display: block;
    }
    ConsumeForm.-compact #reason {
        margin-top: 0;
        min-height: 1;
    }
    """

    class Changed(Message):
        """The store or force changed: the guards' verdict must be asked again."""

    class Requested(Message):
        def __init__(self, request: ConsumeRequest) -> None:
            super().__init__()
            self.request = request

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.token: str | None = None
        self.preview: ConsumePreview | None = None
        self._filling = False

    def compose(self) -> ComposeResult:
        with Vertical(id="consume-fields"):
            yield Label("Store")
            yield Select(STORE_OPTIONS, allow_blank=False, id="consume-store", compact=True)
            yield Label("Product id")
            yield SafeInput(id="consume-product-id", compact=True)
            yield Label("Currency")
            yield SafeInput(id="consume-currency", compact=True)
            yield Label("Developer payload (optional)")
            yield SafeInput(id="consume-payload", compact=True)
            yield Checkbox("Force (deliberate override)", value=False, id="force", compact=True)
        with Horizontal(id="consume-actions"):
            yield Button("Consume…", id="consume", variant="error", disabled=True)
            yield Button("Fields ▸", id="consume-edit")
        yield Static("Look a purchase up first.", id="reason")

    def set_compact(self, compact: bool) -> None:
        """A bar below the purchase (narrow screens), or the column beside it."""
        if compact == self.has_class("-compact"):
            return
        self.set_class(compact, "-compact")
        self.remove_class("-expanded")
        self.query_one("#consume-edit", Button).label = "Fields ▸"
        for button in self.query(Button):
            button.compact = compact

    @on(Button.Pressed, "#consume-edit")
    def _toggle_fields(self, event: Button.Pressed) -> None:
        event.stop()
        self.toggle_class("-expanded")
        expanded = self.has_class("-expanded")
        self.query_one("#consume-edit", Button).label = "Fields ▾" if expanded else "Fields ▸"

    def on_mount(self) -> None:
        self.border_title = "Consume"

    def fill(self, outcome: LookupOutcome) -> None:
        """Pre-fill from a lookup: what was asked, else what the reply says."""
        self._filling = True
        try:
            query = outcome.query
            purchase = outcome.decoded.purchase if outcome.decoded else None
            self.token = query.token if query else None
            store = query.store.value if query else "nowgg"
            product = (query.product_id if query else None) or _text(
                purchase.product_id if purchase else None
            )
            currency = (query.currency if query else None) or _text(
                purchase.currency if purchase else None
            )
            payload = _text(purchase.developer_payload if purchase else None)
            safe = safe_text(self)
            self.query_one("#consume-store", Select).value = store
            self.query_one("#consume-product-id", SafeInput).show(product or "", safe)
            self.query_one("#consume-currency", SafeInput).show(currency or "", safe)
            self.query_one("#consume-payload", SafeInput).show(payload or "", safe)
            self.query_one("#force", Checkbox).value = False
        finally:
            self._filling = False

    def clear(self, reason: str = "Look a purchase up first.") -> None:
        """Empty every field: what was filled belonged to a purchase no longer on screen."""
        self.token = None
        self.preview = None
        self._filling = True
        try:
            for selector in ("#consume-product-id", "#consume-currency", "#consume-payload"):
                self.query_one(selector, SafeInput).value = ""
            self.query_one("#force", Checkbox).value = False
        finally:
            self._filling = False
        self.query_one("#consume", Button).disabled = True
        steady_text.show(self.query_one("#reason", Static), Content(safe_text(self)(reason)))

    def store(self) -> str:
        value = self.query_one("#consume-store", Select).value
        return value if isinstance(value, str) else "nowgg"

    @property
    def force(self) -> bool:
        return self.query_one("#force", Checkbox).value

    def show_preview(self, preview: ConsumePreview) -> None:
        """The guards' verdict: the button follows it, the reason is spelled out."""
        self.preview = preview
        safe = safe_text(self)
        button = self.query_one("#consume", Button)
        reason = self.query_one("#reason", Static)
        button.disabled = not preview.allowed or self.token is None
        if preview.refusal is not None:
            hint = "  Tick Force to override, deliberately." if preview.refusal.forceable else ""
            said = Content.assemble(
                ("Consume disabled: ", "bold $text-error"), safe(preview.refusal.message), hint
            )
        elif preview.overridden is not None:
            said = Content.assemble(
                ("FORCED: ", "bold $text-error"),
                f"overriding a guard: {safe(preview.overridden.message)}",
            )
        else:
            said = Content.assemble(
                ("Allowed. ", "bold $text-success"),
                "It is verified again and you confirm before anything is sent.",
            )
        steady_text.show(reason, said)

    def request(self) -> ConsumeRequest | None:
        if self.token is None:
            return None
        payload = self.query_one("#consume-payload", SafeInput).data
        return ConsumeRequest(
            token=self.token,
            store=self.store(),
            product_id=self.query_one("#consume-product-id", SafeInput).data.strip() or None,
            currency=self.query_one("#consume-currency", SafeInput).data.strip() or None,
            developer_payload=payload if payload.strip() else None,
            force=self.force,
        )

    def set_busy(self, busy: bool) -> None:
        button = self.query_one("#consume", Button)
        button.label = "Consuming… (cannot be cancelled)" if busy else "Consume…"
        if busy:
            button.disabled = True

    @on(Select.Changed, "#consume-store")
    @on(Checkbox.Changed, "#force")
    def _changed(self) -> None:
        if not self._filling:
            self.post_message(self.Changed())

    @on(Button.Pressed, "#consume")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        request = self.request()
        if request is not None:
            self.post_message(self.Requested(request))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
