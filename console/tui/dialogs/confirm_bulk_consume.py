"""The one confirmation of a bulk consume: how many purchases, where (the environment in its
production colours), and every chosen row that will be skipped and why. It opens on Cancel,
like the single consume's dialog; in production the number of purchases must be typed first.

Each row is still verified afresh just before its own consume (desk/worklist_consume.py): what
this lists is the plan from the lookups in hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.desk.worklist import WorklistItem
from console.desk.worklist_consume import BulkPlan, typed_count
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import CONFIRM, Scope
from console.tui.outside_text import SafeText, safe_text
from console.tui.widgets.safe_fields import SafeInput

SKIPPED_LISTED = 50
"""Skipped rows listed one by one; the rest are counted by reason."""


def bulk_summary(
    plan: BulkPlan, items: Sequence[WorklistItem], host: str, safe: SafeText
) -> Content:
    environment = plan.environment
    count = len(plan.to_consume)
    parts: list[str | tuple[str, str]] = [
        (f"Consume {count} purchase{'s' if count != 1 else ''}?", "bold"),
        ("\n  Environment  ", "$text-muted"),
        (f"{safe(environment.name)}  PRODUCTION", "bold $text-error")
        if environment.production
        else safe(environment.name),
        ("\n  Host         ", "$text-muted"),
        safe(host),
        "\n\nEach is verified again first and skipped if it changed; each is written to the "
        "history before it is sent, and sent once.",
    ]
    if plan.skipped:
        parts += ["\n\n", (f"Skipped ({len(plan.skipped)}):", "bold $text-warning")]
        for index, why in plan.skipped[:SKIPPED_LISTED]:
            item = items[index]
            parts += ["\n  ", f"line {item.line}  {safe(item.token)}  "]
            parts.append(("— " + why, "$text-muted"))
        rest = plan.skipped[SKIPPED_LISTED:]
        if rest:
            # Select-all over 10,000 rows may skip thousands: counted by reason, not listed
            # (a dialog of thousands of lines takes long to lay out and nobody reads it).
            counts = Counter(why for _, why in rest)
            parts += ["\n  ", (f"and {len(rest)} more: ", "bold")]
            parts.append(
                (", ".join(f"{count} {why}" for why, count in counts.most_common()), "$text-muted")
            )
            parts.append("; each goes on record with its reason once you confirm")
    return Content.assemble(*parts)


class ConfirmBulkConsume(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmBulkConsume {
        align: center middle;
    }
    ConfirmBulkConsume > Vertical {
        width: 96;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    ConfirmBulkConsume #bulk-summary-scroll {
        height: auto;
        max-height: 24;
    }
    ConfirmBulkConsume #bulk-typed {
        margin-top: 1;
    }
    ConfirmBulkConsume #bulk-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmBulkConsume Button {
        margin-left: 2;
    }
    """

    BINDINGS = scope_bindings(CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = CONFIRM

    def __init__(self, plan: BulkPlan, items: Sequence[WorklistItem], host: str) -> None:
        super().__init__()
        use_keymap(self, CONFIRM)
        self._plan = plan
        self._items = items
        self._host = host
        self._expected = typed_count(plan)

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll(id="bulk-summary-scroll", can_focus=False):
                yield Static(
                    bulk_summary(self._plan, self._items, self._host, safe_text(self)),
                    id="bulk-summary",
                )
            if self._expected is not None:
                yield Static(
                    Content.assemble(
                        ("This is PRODUCTION. ", "bold $text-error"),
                        "Type the number of purchases to enable Consume.",
                    ),
                    id="bulk-typed-help",
                )
                yield SafeInput(
                    placeholder="number of purchases",
                    id="bulk-typed",
                    max_length=len(self._expected) + 2,
                )
            with Horizontal(id="bulk-buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(
                    f"Consume {len(self._plan.to_consume)}",
                    id="confirm",
                    variant="error",
                    disabled=self._expected is not None,
                )

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Input.Changed, "#bulk-typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = event.value.strip() != self._expected

    @on(Input.Submitted, "#bulk-typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in the field never consumes: the button must be chosen
        if event.value.strip() == self._expected:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if not self.query_one("#confirm", Button).disabled:
            self.dismiss(True)
