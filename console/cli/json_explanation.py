"""An error code's explanation in the stable `--json` shape (`explain --json`, and every
failure's `explanation`)."""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from console.payments import Explanation


def explanation_json(explanation: Explanation) -> dict[str, object]:
    return {
        "code": explanation.code,
        "source": explanation.source.value if explanation.source else None,
        "name": explanation.name,
        "meaning": explanation.meaning,
        "causes": list(explanation.causes),
        "nextSteps": list(explanation.next_steps),
        "retrySafe": explanation.retry_safe,
        "severity": explanation.severity.value,
    }
