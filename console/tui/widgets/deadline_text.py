"""An acknowledge's deadline in words and colour, as the form beside Consume and the
confirmation show it: purchase time + 3 days and the time left, coloured as it nears."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from textual.content import Content

if TYPE_CHECKING:
    from console.payments import AcknowledgeDeadline

URGENCY_STYLES: Final = {
    "calm": "bold $text-success",
    "soon": "bold $text-warning",
    "urgent": "bold $text-error",
    "passed": "bold $text-error",
}


def deadline_content(deadline: AcknowledgeDeadline | None) -> Content:
    if deadline is None:
        return Content.assemble(
            ("Deadline: ", "bold $text-warning"), "not known (no readable purchase time)"
        )
    label = "Deadline passed: " if deadline.passed else "Acknowledge by: "
    return Content.assemble((label, URGENCY_STYLES[deadline.urgency.value]), deadline.text)
