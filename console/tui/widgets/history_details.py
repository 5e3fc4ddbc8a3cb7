"""What the history pane shows about one entry: its row cells and its full details.

Plain functions returning Rich `Text`, never markup strings: tokens, notes and replies come
from tickets and from the wire, and a `[` in them must show as itself — and every stored value
goes through `SafeText`, so an escape sequence in it shows as `\\x1b` and a key echoed in an
old row (written before that key was known) is masked.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Final

from rich.text import Text

from console.history import SPOOLED_WORDS, HistoryEntry, Outcome
from console.history.export import OUTCOME_WORDS, outcome_text
from console.tui.outside_text import SafeText

from .worklist_rows import column_token

COLUMNS: Final = (
    ("✓", "mark"),
    ("", "session"),
    ("Time", "time"),
    ("Env", "environment"),
    ("Action", "action"),
    ("Token", "token"),
    ("Order ID", "order_id"),
    ("Outcome", "outcome"),
    ("Note", "note"),
)
"""(label, column key), in table order."""

MARK: Final = "✓"
THIS_SESSION: Final = "●"
_REPLY_LIMIT: Final = 20_000
_NOTE_WIDTH: Final = 24

_OUTCOME_STYLES: Final = {
    Outcome.OK: "green",
    Outcome.API: "red",
    Outcome.HTTP: "red",
    Outcome.PARSE: "red",
    Outcome.NETWORK: "red",
    Outcome.TIMEOUT: "red",
    Outcome.INPUT: "yellow",
    Outcome.KEY: "yellow",
    Outcome.REFUSED: "yellow",
    Outcome.CANCELLED: "yellow",
    Outcome.UNKNOWN: "bold magenta",
}


def outcome_words(entry: HistoryEntry) -> str:
    # The history's own words (export.py): the category, its code, and what settled it.
    return outcome_text(entry)


def local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def row_cells(
    entry: HistoryEntry, *, marked: bool, this_session: bool, safe: SafeText | None = None
) -> tuple[Text, ...]:
    safe = safe or SafeText()
    note = safe(entry.note or "")
    if len(note) > _NOTE_WIDTH:
        note = note[: _NOTE_WIDTH - 1] + "…"
    return (
        Text(MARK if marked else "", style="bold"),
        Text(THIS_SESSION if this_session else "", style="cyan"),
        Text(local_time(entry.at)),
        Text(safe(entry.environment)),
        Text(entry.action.value),
        Text(column_token(safe(entry.token)) if entry.token else "—"),
        Text(safe(entry.order_id or "")),
        _outcome_cell(entry),
        Text(note),
    )


def _outcome_cell(entry: HistoryEntry) -> Text:
    cell = Text(outcome_words(entry), style=_OUTCOME_STYLES[entry.outcome])
    if entry.spooled:
        # Short in the row; the details and the status line say it in full.
        cell.append(" · spooled", style="italic")
    return cell


def entry_details(entry: HistoryEntry, *, this_session: bool, safe: SafeText | None = None) -> Text:
    """Everything the history holds about the entry, for reading and for a ticket."""
    safe = safe or SafeText()

    def _line(text: Text, label: str, value: object, style: str = "") -> None:
        if value is None or value == "":
            return
        text.append(f"{label:<12}", style="bold")
        text.append(f"{safe(value)}\n", style=style)

    text = Text()
    text.append(f"#{entry.id} · {entry.action.value} · ", style="bold")
    text.append(outcome_words(entry), style=f"bold {_OUTCOME_STYLES[entry.outcome]}")
    text.append("   (this session)\n" if this_session else "\n", style="cyan")
    utc = entry.at.strftime("%Y-%m-%d %H:%M:%S UTC")
    local = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z (local)")
    _line(text, "Time", f"{utc} · {local}")
    _line(text, "Operator", entry.operator)
    if entry.spooled:
        _line(text, "Shared", SPOOLED_WORDS, "italic")
    _line(text, "Environment", entry.environment)
    _line(text, "Host", entry.host)
    _line(text, "Action", entry.action.value)
    _line(text, "Outcome", OUTCOME_WORDS[entry.outcome], _OUTCOME_STYLES[entry.outcome])
    _line(text, "Code", entry.code)
    _line(text, "Reason", entry.reason)
    _line(text, "Token", entry.token)
    _line(text, "Store", entry.store)
    _line(text, "Product", entry.product_id)
    _line(text, "Currency", entry.currency)
    _line(text, "Order ID", entry.order_id)
    _line(text, "Note", entry.note, "bold")
    if entry.latency_ms is not None:
        _line(text, "Latency", f"{entry.latency_ms:.0f} ms")
    if entry.pending:
        _line(text, "Pending", "written before sending; the console never completed it")
    if entry.resolution:
        _line(text, "Resolution", entry.resolution)
    elif entry.unresolved:
        _line(text, "Resolution", "not yet: nowgg-console history resolve", "magenta")
    text.append("Reply\n", style="bold")
    text.append(safe.lines(_reply_json(entry)) + "\n")
    return text


def _reply_json(entry: HistoryEntry) -> str:
    if entry.reply is None:
        return "(no reply was received)"
    body = json.dumps(dict(entry.reply), ensure_ascii=False, indent=2, default=str)
    if len(body) > _REPLY_LIMIT:
        # A proxy's error page can be megabytes; the export keeps all of it.
        return body[:_REPLY_LIMIT] + "\n… (cut here; export the entry for all of it)"
    return body
