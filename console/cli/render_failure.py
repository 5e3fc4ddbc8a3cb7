"""A failure in words: what happened, what it means, why, and what to do next.

The reason quotes the server (`codeMsg`) and the catalog's words may quote the reply: every
piece goes through `printable` (text_safety.py).
"""

from __future__ import annotations

from console.payments import Severity
from console.text_safety import printable

from .style import Style

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from console.desk import Failure
    from console.payments import Explanation

_TONE = {Severity.DANGER: "bad", Severity.WARNING: "warn", Severity.INFO: "info"}


def render_explanation(explanation: Explanation, style: Style) -> list[str]:
    tone = _TONE.get(explanation.severity, "warn")
    source = f"  ({explanation.source.value} code)" if explanation.source else ""
    lines = [style.paint(printable(explanation.title), tone) + style.paint(source, "dim")]
    lines.append(f"  Meaning:      {printable(explanation.meaning)}")
    if explanation.causes:
        lines.append("  Likely causes:")
        lines.extend(f"    - {printable(cause)}" for cause in explanation.causes)
    if explanation.next_steps:
        lines.append("  Next steps:")
        lines.extend(f"    - {printable(step)}" for step in explanation.next_steps)
    retry = (
        "safe, and it may succeed"
        if explanation.retry_safe
        else "not as it is: follow the next steps first"
    )
    lines.append(f"  Retrying:     {retry}")
    return lines


def render_failure(failure: Failure, style: Style) -> list[str]:
    tone = _TONE.get(failure.explanation.severity, "warn")
    lines = [style.paint(f"✗ {printable(failure.reason)}", tone), ""]
    lines.extend(render_explanation(failure.explanation, style))
    return lines
