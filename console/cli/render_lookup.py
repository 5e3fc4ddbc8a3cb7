"""A lookup in words for a terminal: where it went, the decoded purchase, its anomalies.

Every value from outside (the reply, the token as pasted, the config's names) goes through
`printable` where it is put in a line, so that no value can carry an escape sequence or a
line break of its own into the terminal (text_safety.py).
"""

from __future__ import annotations

from console.desk import LookupOutcome
from console.payments import DecodedPurchase, Severity, Tone
from console.settings.environments import Environment
from console.text_safety import printable

from .style import Style

_FIELD_TONE = {Tone.GOOD: "good", Tone.BAD: "bad", Tone.WARN: "warn", Tone.NEUTRAL: ""}
_ANOMALY_MARK = {
    Severity.DANGER: ("!!", "bad"),
    Severity.WARNING: ("! ", "warn"),
    Severity.INFO: ("i ", "info"),
}


def render_environment(environment: Environment, host: str, style: Style) -> str:
    name = printable(environment.name)
    if environment.production:
        name = style.paint(f" PRODUCTION · {name} ", "production")
    flags = " (read-only)" if environment.read_only else ""
    return f"Environment  {name}{flags} · {printable(host)}"


def render_decoded(decoded: DecodedPurchase, style: Style) -> list[str]:
    headline_tone = "good" if decoded.is_paid and not decoded.anomalies else ""
    if decoded.is_failed or decoded.is_unpaid:
        headline_tone = "bad"
    lines = [style.paint(printable(decoded.headline), headline_tone or "bold"), ""]
    width = max(
        (len(printable(field.label)) for group in decoded.groups for field in group.fields),
        default=10,
    )
    for group in decoded.groups:
        if not group.fields:
            continue
        lines.append(style.paint(group.title, "bold"))
        for field in group.fields:
            text = style.paint(printable(field.text), _FIELD_TONE.get(field.tone, ""))
            lines.append(f"  {printable(field.label).ljust(width)}  {text}")
        lines.append("")
    if decoded.anomalies:
        lines.append(style.paint(f"Anomalies ({len(decoded.anomalies)})", "bold"))
        for anomaly in decoded.anomalies:
            mark, tone = _ANOMALY_MARK.get(anomaly.severity, ("! ", "warn"))
            lines.append(f"  {style.paint(mark + ' ' + printable(anomaly.title), tone)}")
            lines.append(f"     {printable(anomaly.meaning)}")
    else:
        lines.append(style.paint("No anomalies.", "dim"))
    return lines


def render_lookup(outcome: LookupOutcome, style: Style) -> list[str]:
    lines = [render_environment(outcome.environment, outcome.host, style)]
    token = outcome.query.token if outcome.query else outcome.raw_token.strip()
    lines.append(f"Token        {printable(token)}")
    query = outcome.query
    if query is not None and query.product_id:
        lines.append(
            f"Store        {query.store.value} · product {printable(query.product_id)} · "
            f"{printable(query.currency or '')}"
        )
    for change in outcome.token_changes:
        lines.append(style.paint(f"             (token cleaned: {printable(change)})", "dim"))
    lines.append("")
    if outcome.decoded is not None:
        lines.extend(render_decoded(outcome.decoded, style))
        if outcome.latency_ms is not None:
            lines.append(style.paint(f"Verified in {outcome.latency_ms:.0f} ms.", "dim"))
    elif outcome.failure is not None:
        from .render_failure import render_failure  # a failure's words: only for a failure

        lines.extend(render_failure(outcome.failure, style))
    if outcome.verify_path_note is not None:
        # The other spelling of the verify path was tried: say it, and what was remembered.
        lines.append(style.paint(f"Verify path: {printable(outcome.verify_path_note)}", "warn"))
    return lines


def render_proof(outcome: LookupOutcome, style: Style) -> list[str]:
    """The verify after a consume, compact: the state that proves it, and the order id."""
    if outcome.decoded is None:
        return render_lookup(outcome, style)
    decoded = outcome.decoded
    tone = "good" if decoded.is_consumed else "bad"
    order_id = decoded.purchase.order_id
    lines = [style.paint(printable(decoded.headline), tone)]
    lines.append(f"  Consumption  {style.paint(printable(decoded.consumption), tone)}")
    lines.append(f"  Order id     {_order_id(order_id)}")
    lines.append(
        f"  Verified at  {outcome.at.isoformat(timespec='seconds')} on {printable(outcome.host)}"
    )
    return lines


def _order_id(value: object) -> str:
    if isinstance(value, str) and value:
        return printable(value)
    return "(not in the reply)" if not value else printable(repr(value))
