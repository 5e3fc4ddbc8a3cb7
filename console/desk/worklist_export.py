"""A worklist handed over: the rows (all, the selection, or the filtered ones) as CSV for a
spreadsheet, JSON for a script, or Markdown for a ticket or a test report — token, store,
verdict, amount, order id, error, and what this session did.

Control characters from a paste or a reply are escaped in CSV and Markdown (they are read on a
screen) and JSON-escaped in JSON; `|` is escaped in Markdown cells so a hostile order id cannot
break the table. Files are created 0600 under a new name: they hold customers' tokens.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Final

from console.history.export_file import write_export
from console.outcome_category import OutcomeCategory
from console.text_safety import printable

from .outcomes import LookupOutcome
from .worklist import WorklistItem
from .worklist_verdicts import (
    SessionAct,
    Summary,
    Verdict,
    category_of,
    consumed_words,
    is_test_order,
    store_of,
    verdict_of,
)

VERDICT_LABELS: Final = {
    Verdict.PAID_NOT_CONSUMED: "paid & not consumed",
    Verdict.CONSUMED: "consumed",
    Verdict.UNPAID: "unpaid",
    Verdict.FAILED: "failed",
    Verdict.CLIENT_CONSUMED: "paid, consumed on the client",
    Verdict.ERROR: "error",
    Verdict.UNKNOWN_STATE: "unknown state",
    Verdict.PENDING: "pending",
}
"""One row's verdict in words (the summary counts in plurals)."""


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "md"


@dataclass(frozen=True)
class ExportRow:
    line: int
    token: str
    store: str
    verdict: Verdict
    consumed: str
    """`already consumed`, `consumed here at 13:07`, or empty."""
    amount: str
    order_id: str
    test_order: bool
    error: str
    session: str
    """What this session did to the row (`consumed here at 13:07`, `skipped: unpaid`…)."""
    environment: str
    verified_at: str
    """When the row's last lookup answered (ISO 8601, UTC); empty when never verified."""
    category: OutcomeCategory | None = None
    """How the row's last verify ended (console/outcome_category.py); None: not verified."""


def export_row(
    item: WorklistItem, outcome: LookupOutcome | None, act: SessionAct | None
) -> ExportRow:
    verdict = verdict_of(item, outcome)
    decoded = outcome.decoded if outcome is not None else None
    order_id = decoded.purchase.order_id if decoded is not None else None
    failure = outcome.failure if outcome is not None else None
    return ExportRow(
        line=item.line,
        token=item.token,
        store=store_of(item, outcome).value,
        verdict=verdict,
        consumed=consumed_words(verdict, act),
        amount=(decoded.amount or "") if decoded is not None else "",
        order_id=order_id if isinstance(order_id, str) else "",
        test_order=is_test_order(outcome),
        error=failure.explanation.title if failure is not None else "",
        session=act.words() if act is not None else "",
        environment=outcome.environment.name if outcome is not None else "",
        verified_at=outcome.at.astimezone(UTC).isoformat() if outcome is not None else "",
        category=category_of(outcome),
    )


_HEADERS: Final = (
    "line",
    "token",
    "store",
    "verdict",
    "consumed",
    "amount",
    "orderId",
    "testOrder",
    "error",
    "thisSession",
    "environment",
    "verifiedAt",
)


def _values(row: ExportRow) -> list[object]:
    return [
        row.line,
        row.token,
        row.store,
        VERDICT_LABELS[row.verdict],
        row.consumed,
        row.amount,
        row.order_id,
        row.test_order,
        row.error,
        row.session,
        row.environment,
        row.verified_at,
    ]


def to_csv(rows: Sequence[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_HEADERS)
    for row in rows:
        writer.writerow(
            [printable(value) if isinstance(value, str) else value for value in _values(row)]
        )
    return buffer.getvalue()


def row_json(row: ExportRow) -> dict[str, object]:
    """One row in the stable JSON shape (`worklist --json` and the console's JSON export)."""
    entry = dict(zip(_HEADERS, _values(row), strict=True))
    entry["verdictCode"] = row.verdict.value  # stable for scripts; `verdict` is words
    entry["category"] = row.category.value if row.category is not None else None
    return entry


def summary_json(summary: Summary) -> dict[str, object]:
    return {
        "total": summary.total,
        "testOrders": summary.test_orders,
        **{verdict.value: summary.verdicts[verdict] for verdict in Verdict},
        "errorsByCategory": {
            category.value: count for category, count in sorted(summary.errors.items())
        },
    }


def to_json(rows: Sequence[ExportRow], summary: Summary | None = None) -> str:
    document: dict[str, object] = {"rows": [row_json(row) for row in rows]}
    if summary is not None:
        document["summary"] = summary_json(summary)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


def to_markdown(
    rows: Sequence[ExportRow], summary: Summary | None = None, title: str = "Worklist"
) -> str:
    lines = [f"### {_cell(title)}", ""]
    if summary is not None:
        lines += [_cell(summary.words()), ""]
    headers = (
        "#",
        "Token",
        "Store",
        "Verdict",
        "Amount",
        "Order id",
        "Test",
        "Error",
        "This session",
    )
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|---:|---|---|---|---|---|---|---|---|")
    for row in rows:
        verdict = VERDICT_LABELS[row.verdict]
        if row.consumed and row.verdict is not Verdict.CONSUMED:
            verdict += f" ({row.consumed})"
        cells = [
            str(row.line),
            f"`{_cell(row.token)}`",
            _cell(row.store),
            _cell(verdict),
            _cell(row.amount),
            _cell(row.order_id),
            "TEST" if row.test_order else "",
            _cell(row.error),
            _cell(row.session),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render(
    export_format: ExportFormat, rows: Sequence[ExportRow], summary: Summary | None = None
) -> str:
    if export_format is ExportFormat.CSV:
        return to_csv(rows)
    if export_format is ExportFormat.JSON:
        return to_json(rows, summary)
    return to_markdown(rows, summary)


def write_new_export(
    text: str, directory: Path, extension: str, *, now: datetime | None = None
) -> Path:
    """A new file `worklist-<UTC stamp>.<ext>` in `directory`, made as the history's exports
    are (console/history/export_file.py). Raises `OSError`."""
    return write_export(text, directory, extension=extension, now=now, name="worklist")
