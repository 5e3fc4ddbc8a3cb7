"""An acknowledge's deadline for a terminal: purchase time + 3 days and the time left,
coloured as it nears (the console's form says the same: tui/widgets/write_forms.py)."""

from __future__ import annotations

from console.payments import AcknowledgeDeadline
from console.payments import DeadlineUrgency as Urgency

from .style import Style

_TONES = {
    Urgency.CALM: "good",
    Urgency.SOON: "warn",
    Urgency.URGENT: "bad",
    Urgency.PASSED: "bad",
}


def render_deadline(deadline: AcknowledgeDeadline | None, style: Style) -> str:
    """ "Acknowledge by: 2026-12-04 17:00 UTC (70 h 59 min left)", coloured as it nears."""
    if deadline is None:
        return style.paint(
            "Deadline to acknowledge: not known (the reply has no readable purchase time)",
            "warn",
        )
    verb = "Deadline to acknowledge" if deadline.passed else "Acknowledge by"
    return style.paint(f"{verb}: {deadline.text}", _TONES[deadline.urgency])
