"""The one confirmation of a bulk consume: the write dialog (confirm_write.py) with a count —
how many purchases, where (the environment in its production colours), and every chosen row
that will be skipped and why. It opens on Cancel, like the single consume's; in production the
number of purchases must be typed first.

Each row is still verified afresh just before its own consume (desk/worklist_consume.py): what
this lists is the plan from the lookups in hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content

from console.desk.worklist import WorklistItem
from console.desk.worklist_consume import BulkPlan, typed_count
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import CONFIRM, Scope
from console.tui.outside_text import SafeText

from .confirm_write import ConfirmWrite, Typed

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


class ConfirmBulkConsume(ConfirmWrite):
    BINDINGS = scope_bindings(CONFIRM)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = CONFIRM

    def __init__(self, plan: BulkPlan, items: Sequence[WorklistItem], host: str) -> None:
        expected = typed_count(plan)
        typed = None
        if expected is not None:
            typed = Typed(expected, "the number of purchases", "the number of purchases", "it")
        super().__init__(
            lambda safe: bulk_summary(plan, items, host, safe),
            f"Consume {len(plan.to_consume)}",
            typed,
            wide=True,
        )
        use_keymap(self, CONFIRM)
