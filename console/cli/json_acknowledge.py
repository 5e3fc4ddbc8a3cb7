"""The stable `--json` shape of `acknowledge` (README; schema: schemas/acknowledge.json): the
same keys whatever happens, null where empty — the consume's keys where they mean the same
(`ok`, `status`, `category`, `plan`, `error`, `reply`, `historyEntry`), and the deadline."""

from __future__ import annotations

from typing import Final

from console.desk import AcknowledgeOutcome, AcknowledgePlan, Refusal
from console.desk.serialise import plain_object
from console.payments import AcknowledgeDeadline

from .json_output import failure_json, lookup_json, request_json

ACKNOWLEDGE_KEYS: Final = (
    "ok",
    "status",
    "category",
    "summary",
    "plan",
    "error",
    "reply",
    "latencyMs",
    "refusal",
    "historyEntry",
    "interrupted",
    "dryRun",
    "curl",
)


def acknowledge_document(
    status: str, category: str, summary: str, **values: object
) -> dict[str, object]:
    """An `acknowledge --json` document: `values` fill some of `ACKNOWLEDGE_KEYS`, the rest is
    null (`ok`, `interrupted` and `dryRun` false)."""
    unknown = set(values) - set(ACKNOWLEDGE_KEYS)
    if unknown:
        raise ValueError(f"not keys of acknowledge --json: {sorted(unknown)}")
    body: dict[str, object] = dict.fromkeys(ACKNOWLEDGE_KEYS)
    body.update(ok=False, interrupted=False, dryRun=False)
    body.update(status=status, category=category, summary=summary, **values)
    return body


def refusal_json(refusal: Refusal | None) -> dict[str, object] | None:
    if refusal is None:
        return None
    return {
        "reason": refusal.reason.value,
        "message": refusal.message,
        "forceable": refusal.forceable,
    }


def deadline_json(deadline: AcknowledgeDeadline | None) -> dict[str, object] | None:
    if deadline is None:
        return None
    return {
        "purchasedAt": deadline.purchased_at.isoformat(),
        "deadline": deadline.deadline.isoformat(),
        "secondsLeft": int(deadline.left.total_seconds()),
        "hoursLeft": deadline.hours_left,
        "passed": deadline.passed,
        "urgency": deadline.urgency.value,
    }


def acknowledge_plan_json(plan: AcknowledgePlan) -> dict[str, object]:
    return {
        "allowed": plan.allowed,
        "forced": plan.forced,
        "refusal": refusal_json(plan.refusal),
        "overridden": plan.overridden.reason.value if plan.overridden else None,
        "deadline": deadline_json(plan.deadline),
        "check": lookup_json(plan.check) if plan.check else None,
        "request": request_json(plan.request) if plan.request else None,
    }


def acknowledge_json(outcome: AcknowledgeOutcome) -> dict[str, object]:
    return acknowledge_document(
        outcome.status.value,
        outcome.category.value,
        outcome.summary,
        ok=outcome.status.value == "acknowledged",
        plan=acknowledge_plan_json(outcome.plan),
        error=failure_json(outcome.failure) if outcome.failure else None,
        reply=plain_object(outcome.reply),
        latencyMs=round(outcome.latency_ms, 1) if outcome.latency_ms is not None else None,
        refusal=refusal_json(outcome.refusal),
        historyEntry=outcome.history_entry,
    )
