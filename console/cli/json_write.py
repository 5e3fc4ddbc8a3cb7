"""The stable `--json` shape of a write (`consume`, `acknowledge`; README, schemas/): the same
keys whatever happens, null where empty — the keys both share where they mean the same (`ok`,
`status`, `category`, `plan`, `error`, `reply`, `historyEntry`); a consume adds its proof and
a resolution it superseded, an acknowledge its deadline (in `plan`)."""

from __future__ import annotations

from typing import Final

from console.desk import ACKNOWLEDGE, CONSUME, Refusal, WriteOperation, WriteOutcome, WritePlan
from console.desk.serialise import plain_object
from console.desk.write_operation import Proof
from console.payments import AcknowledgeDeadline

from .json_output import failure_json, lookup_json, request_json

CONSUME_KEYS: Final[tuple[str, ...]] = (
    "ok",
    "status",
    "category",
    "summary",
    "plan",
    "error",
    "reply",
    "proof",
    "latencyMs",
    "refusal",
    "historyEntry",
    "supersededResolution",
    "interrupted",
    "dryRun",
    "curl",
)
"""Every `consume --json` document has exactly these keys, whatever happened (null where
empty): a script reads `status` and `category` without first asking which keys exist."""

ACKNOWLEDGE_KEYS: Final[tuple[str, ...]] = tuple(
    key for key in CONSUME_KEYS if key not in ("proof", "supersededResolution")
)
"""An acknowledge has no proof verify (its proof is `reply`) and nothing for `history
resolve` to settle, so no resolution to supersede."""

_KEYS: Final = {CONSUME.name: CONSUME_KEYS, ACKNOWLEDGE.name: ACKNOWLEDGE_KEYS}


def write_document(
    operation: WriteOperation, status: str, category: str, summary: str, **values: object
) -> dict[str, object]:
    """A `consume --json` or `acknowledge --json` document: `values` fill some of the
    operation's keys, the rest is null (`ok`, `interrupted` and `dryRun` false)."""
    keys = _KEYS[operation.name]
    unknown = set(values) - set(keys)
    if unknown:
        raise ValueError(f"not keys of {operation.name} --json: {sorted(unknown)}")
    body: dict[str, object] = dict.fromkeys(keys)
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


def plan_json(plan: WritePlan) -> dict[str, object]:
    body: dict[str, object] = {
        "allowed": plan.allowed,
        "forced": plan.forced,
        "refusal": refusal_json(plan.refusal),
        "overridden": plan.overridden.reason.value if plan.overridden else None,
    }
    if plan.operation.deadline_rule:
        body["deadline"] = deadline_json(plan.deadline)
    body["check"] = lookup_json(plan.check) if plan.check else None
    body["request"] = request_json(plan.request) if plan.request else None
    return body


def write_json(outcome: WriteOutcome) -> dict[str, object]:
    operation = outcome.plan.operation
    values: dict[str, object] = {
        "ok": outcome.done,
        "plan": plan_json(outcome.plan),
        "error": failure_json(outcome.failure) if outcome.failure else None,
        "reply": plain_object(outcome.reply),
        "latencyMs": round(outcome.latency_ms, 1) if outcome.latency_ms is not None else None,
        "refusal": refusal_json(outcome.refusal),
        "historyEntry": outcome.history_entry,
    }
    if operation.proof is Proof.VERIFY:
        values["proof"] = lookup_json(outcome.proof) if outcome.proof else None
        values["supersededResolution"] = outcome.superseded
    return write_document(
        operation, outcome.status.value, outcome.category.value, outcome.summary, **values
    )
