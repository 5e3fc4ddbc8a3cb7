"""The stable `--json` shape of `acknowledge` (README): the consume's keys where they mean the
same (`ok`, `status`, `plan`, `error`, `reply`, `historyEntry`), and the deadline."""

from __future__ import annotations

from console.desk import AcknowledgeOutcome, AcknowledgePlan, Refusal
from console.desk.serialise import plain_object
from console.payments import AcknowledgeDeadline

from .json_output import failure_json, lookup_json, request_json


def _refusal_json(refusal: Refusal | None) -> dict[str, object] | None:
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
    refusal = plan.refusal
    return {
        "allowed": plan.allowed,
        "forced": plan.forced,
        "refusal": (
            {
                "reason": refusal.reason.value,
                "message": refusal.message,
                "forceable": refusal.forceable,
            }
            if refusal
            else None
        ),
        "overridden": plan.overridden.reason.value if plan.overridden else None,
        "deadline": deadline_json(plan.deadline),
        "check": lookup_json(plan.check) if plan.check else None,
        "request": request_json(plan.request) if plan.request else None,
    }


def acknowledge_json(outcome: AcknowledgeOutcome) -> dict[str, object]:
    refusal = outcome.refusal
    return {
        "ok": outcome.status.value == "acknowledged",
        "status": outcome.status.value,
        "summary": outcome.summary,
        "plan": acknowledge_plan_json(outcome.plan),
        "error": failure_json(outcome.failure) if outcome.failure else None,
        "reply": plain_object(outcome.reply),
        "latencyMs": round(outcome.latency_ms, 1) if outcome.latency_ms is not None else None,
        "refusal": (
            {
                "reason": refusal.reason.value,
                "message": refusal.message,
                "forceable": refusal.forceable,
            }
            if refusal
            else None
        ),
        "historyEntry": outcome.history_entry,
    }
