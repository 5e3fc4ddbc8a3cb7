"""What can be copied from a lookup: every field's value as now.gg sent it, the order id and
token first (what support asks for), and a short summary to paste into a ticket."""

from __future__ import annotations

from console.desk import LookupOutcome
from console.tui.widgets.purchase_detail import copyable

_FIRST = ("orderId", "purchaseToken")


def ticket_summary(outcome: LookupOutcome) -> str:
    """Plain text for a ticket: where, what, when it was checked. Never the key."""
    token = outcome.query.token if outcome.query else outcome.raw_token.strip()
    lines = [
        f"Environment: {outcome.environment.name} ({outcome.host})",
        f"Token: {token}",
    ]
    if outcome.decoded is not None:
        decoded = outcome.decoded
        order_id = decoded.purchase.order_id
        lines.append(f"State: {decoded.headline}")
        lines.append(f"Order id: {order_id if isinstance(order_id, str) else '(not in the reply)'}")
        if decoded.purchase_time is not None:
            lines.append(f"Purchase time: {decoded.purchase_time.utc_text}")
        lines.extend(f"Anomaly: {anomaly.title}" for anomaly in decoded.anomalies)
    elif outcome.failure is not None:
        lines.append(f"Error: {outcome.failure.explanation.title}: {outcome.failure.reason}")
    lines.append(f"Checked: {outcome.at.isoformat(timespec='seconds')}")
    return "\n".join(lines)


def copy_choices(outcome: LookupOutcome) -> list[tuple[str, str, str]]:
    """(label, value, what the palette shows under it), most wanted first."""
    choices = [("Summary for a ticket", ticket_summary(outcome), "several lines")]
    if outcome.decoded is None:
        return choices
    fields = [field for group in outcome.decoded.groups for field in group.fields]
    fields.sort(key=lambda field: field.wire_name not in _FIRST)
    for field in fields:
        value = copyable(field)
        if value is not None:
            preview = value if len(value) <= 60 else value[:57] + "…"
            choices.append((f"{field.label} ({field.wire_name})", value, preview))
    return choices
