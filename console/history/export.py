"""History entries as Markdown (for a support ticket), JSON (for tools) and CSV (spreadsheets).

Exports carry only what the store holds, and the store never holds a key (the request is
masked, and `scrub` guards every field), so an export is safe to paste anywhere.

JSON shape, version 2 (stable; a change of meaning bumps `version`)::

    {"format": "nowgg-console-history", "version": 2, "entries": [
      {"id": 12, "at": "2024-10-30T06:08:01.000000Z", "operator": "alice",
       "environment": "production", "host": "payments-api.now.gg", "action": "consume",
       "token": "…", "store": "nowgg", "productId": null, "currency": null,
       "orderId": "1-2022…", "outcome": "ok", "code": 0, "reason": null, "note": "ZD-1234",
       "pending": false, "resolution": null, "resolvedAt": null, "latencyMs": 183.2,
       "request": {…}, "reply": {…}, "guard": null, "settlement": "consumed",
       "proofEntry": 13, "provesEntry": null, "received": null,
       "uid": "9f0c…", "machine": "desk-7", "consoleVersion": "0.9.0"}]}

`action` is verify | consume | resolve; `outcome` is one of the shared categories (ok, api,
http, parse, network, timeout, input, key, refused, cancelled, unknown: console/
outcome_category.py); `settlement` is consumed | not_consumed | null; times are UTC ISO 8601
with a `Z`. `uid` is the entry's identity in every history (32 hex digits made on the writing
machine; schema 4 gave older rows one), so an import keeps it and stores the entry once;
`machine` and `consoleVersion` are null for entries written before schema 4 kept them. The
three were added to version 2 at its end: no earlier key changed meaning. Version 1
(outcomes ok | api_error | network_error | refused | unknown) is still read by `from_json`.
CSV has the same columns in the same order, with `request`, `reply` and `received` as
compact JSON text. A negative `id` is an entry of this machine's spool, not yet on the shared
history's server (spool.py).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from console.history.entries import SPOOLED_WORDS, Action, HistoryEntry, Outcome, Settlement
from console.history.migration_v3 import category_of_reason
from console.history.rows import format_time, parse_time
from console.key_masking import mask_keys, mask_keys_json

JSON_FORMAT: Final = "nowgg-console-history"
JSON_VERSION: Final = 2
_READABLE_VERSIONS: Final = (1, JSON_VERSION)

FIELDS: Final = (
    ("id", "id"),
    ("at", "at"),
    ("operator", "operator"),
    ("environment", "environment"),
    ("host", "host"),
    ("action", "action"),
    ("token", "token"),
    ("store", "store"),
    ("productId", "product_id"),
    ("currency", "currency"),
    ("orderId", "order_id"),
    ("outcome", "outcome"),
    ("code", "code"),
    ("reason", "reason"),
    ("note", "note"),
    ("pending", "pending"),
    ("resolution", "resolution"),
    ("resolvedAt", "resolved_at"),
    ("latencyMs", "latency_ms"),
    ("request", "request"),
    ("reply", "reply"),
    ("guard", "guard"),
    ("settlement", "settlement"),
    ("proofEntry", "proof_entry"),
    ("provesEntry", "proves_entry"),
    ("received", "received"),
    # Kept since schema 4; last, so a spreadsheet's columns from before stay where they were.
    ("uid", "uid"),
    ("machine", "machine"),
    ("consoleVersion", "console_version"),
)
"""(export key, HistoryEntry attribute), in export order."""

OUTCOME_WORDS: Final = {outcome: outcome.words for outcome in Outcome}
SETTLEMENT_WORDS: Final = {
    Settlement.CONSUMED: "consumed",
    Settlement.NOT_CONSUMED: "not consumed",
}

# Characters that make a spreadsheet treat a cell as a formula (or, for tab/CR, shift it into
# one); see OWASP "CSV Injection".
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")


# -- keys ------------------------------------------------------------------------------------

_TEXT_FIELDS: Final = (
    "operator",
    "machine",
    "environment",
    "host",
    "token",
    "store",
    "product_id",
    "currency",
    "order_id",
    "reason",
    "note",
    "resolution",
)


def masked_entries(entries: Iterable[HistoryEntry], secrets: Iterable[str]) -> list[HistoryEntry]:
    """The entries with every key, or long piece of one, masked in every field.

    The store masks what it writes, with the keys known at the time; an export masks again
    with the keys known now (a key added since, a row written by an older version)."""
    keys = [secret for secret in secrets if secret]
    items = list(entries)
    if not keys:
        return items
    masked = []
    for entry in items:
        changes: dict[str, Any] = {
            name: mask_keys(value, keys)
            for name in _TEXT_FIELDS
            if isinstance(value := getattr(entry, name), str)
        }
        for name in ("request", "reply"):
            value = getattr(entry, name)
            if value is not None:
                changes[name] = mask_keys_json(value, keys)
        masked.append(dataclasses.replace(entry, **changes))
    return masked


# -- JSON ------------------------------------------------------------------------------------


def _json_record(entry: HistoryEntry) -> dict[str, object]:
    record: dict[str, object] = {}
    for key, attribute in FIELDS:
        value = getattr(entry, attribute)
        if attribute in ("at", "resolved_at") and value is not None:
            value = format_time(value)
        elif attribute in ("action", "outcome", "settlement") and value is not None:
            value = value.value
        elif attribute in ("request", "reply", "received") and value is not None:
            value = dict(value)
        record[key] = value
    return record


def to_json(entries: Iterable[HistoryEntry]) -> str:
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "entries": [_json_record(entry) for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def from_json(text: str) -> list[HistoryEntry]:
    """Entries from `to_json` output (for imports and to prove the shape round-trips)."""
    document: Any = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ValueError(f"not a {JSON_FORMAT} export")
    version = document.get("version")
    if version not in _READABLE_VERSIONS:
        raise ValueError(f"unsupported {JSON_FORMAT} version {version!r}")
    entries: list[HistoryEntry] = []
    for number, record in enumerate(document.get("entries") or [], start=1):
        try:
            if version == 1:
                record = _from_version_1(record)
            entries.append(_from_record(record))
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"entry {number} of the export is not valid ({error})") from error
    return entries


def _from_version_1(record: Mapping[str, Any]) -> dict[str, Any]:
    """A version 1 record with its outcome in the shared categories (as schema 3 moved the
    rows of the history itself: migration_v3.py)."""
    moved = dict(record)
    outcome = moved.get("outcome")
    if outcome == "api_error":
        moved["outcome"] = Outcome.API.value
    elif outcome == "network_error":
        if moved.get("action") == "consume" and moved.get("resolvedAt"):
            moved["outcome"], moved["settlement"] = Outcome.UNKNOWN.value, "not_consumed"
        else:
            moved["outcome"] = category_of_reason(moved.get("reason"))
    return moved


def _from_record(record: Mapping[str, Any]) -> HistoryEntry:
    values: dict[str, Any] = {attribute: record.get(key) for key, attribute in FIELDS}
    values["at"] = parse_time(values["at"])
    if values["resolved_at"] is not None:
        values["resolved_at"] = parse_time(values["resolved_at"])
    values["action"] = Action(values["action"])
    values["outcome"] = Outcome(values["outcome"])
    values["pending"] = bool(values["pending"])
    if values["settlement"] is not None:
        values["settlement"] = Settlement(values["settlement"])
    return HistoryEntry(**values)


# -- CSV -------------------------------------------------------------------------------------


def neutralise_formula(cell: str) -> str:
    """A leading apostrophe on any cell a spreadsheet would run as a formula.

    Tokens and notes come from tickets: untrusted. Spreadsheets hide the apostrophe; the
    JSON export keeps every value exact.
    """
    if cell.startswith(FORMULA_TRIGGERS) or cell.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # ours, never a formula; repr keeps floats exact
    if isinstance(value, Mapping):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return neutralise_formula(str(value))


def to_csv(entries: Iterable[HistoryEntry]) -> str:
    """A header row and one row per entry, RFC 4180 (CRLF, quotes doubled where needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([key for key, _ in FIELDS])
    for record in map(_json_record, entries):
        writer.writerow([_csv_cell(record[key]) for key, _ in FIELDS])
    return buffer.getvalue()


# -- Markdown --------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _cell(value: object) -> str:
    """Table-cell text: backslashes and pipes escaped, line breaks as <br>, never empty."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = _LINE_BREAKS.sub("<br>", text.strip())
    return text or " "


def _inline(value: object) -> str:
    """Text for a bullet: one line, so a note cannot start a new list item or heading."""
    return " ".join(str(value).split())


def _code(value: str) -> str:
    """An inline code span whose delimiter outruns any backticks inside `value`."""
    value = _inline(value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {value} " if longest or value.startswith(" ") else value
    return f"{fence}{padded}{fence}"


def _time(entry: HistoryEntry) -> str:
    return entry.at.strftime("%Y-%m-%d %H:%M:%S")


def _outcome(entry: HistoryEntry) -> str:
    return outcome_text(entry)


def outcome_text(entry: HistoryEntry) -> str:
    """An entry's outcome in words, with what settled it: `timeout, not consumed (proof
    #42)`, `outcome unknown (unresolved)`, `API error 3901`."""
    words = OUTCOME_WORDS[entry.outcome]
    if entry.code is not None and entry.outcome is not Outcome.OK:
        words = f"{words} {entry.code}"
    if entry.action is Action.CONSUME and entry.settlement is not None:
        if not (entry.outcome is Outcome.OK and entry.settlement is Settlement.CONSUMED):
            words += f", {SETTLEMENT_WORDS[entry.settlement]}"
        if entry.resolved_at is not None and entry.proof_entry is not None:
            words += f" (resolved by #{entry.proof_entry})"
    elif entry.unresolved:
        words += " (unresolved)"
    return words


def _where_from(entry: HistoryEntry) -> str:
    """The machine and console version that wrote it: a shared history's lead asks "from
    where". Entries written before they were kept say nothing rather than guess."""
    parts = []
    if entry.machine:
        parts.append(f"on {_inline(entry.machine)}")
    if entry.console_version:
        parts.append(f"nowgg-console {_inline(entry.console_version)}")
    return f" ({', '.join(parts)})" if parts else ""


def _details(entry: HistoryEntry) -> list[str]:
    lines = [
        f"### #{entry.id} · {entry.action.value} · {_outcome(entry)}",
        "",
        f"- **Time:** {_time(entry)} UTC",
        f"- **Operator:** {_inline(entry.operator)}{_where_from(entry)}",
        f"- **Environment:** {_inline(entry.environment)} ({_inline(entry.host)})",
        f"- **Token:** {_code(entry.token)}",
    ]
    store = [f"store {_inline(entry.store)}"]
    if entry.product_id:
        store.append(f"product {_code(entry.product_id)}")
    if entry.currency:
        store.append(f"currency {_inline(entry.currency)}")
    lines.append(f"- **Purchase:** {', '.join(store)}")
    if entry.order_id:
        lines.append(f"- **Order ID:** {_code(entry.order_id)}")
    outcome = _outcome(entry)
    if entry.reason:
        outcome += f" — {_inline(entry.reason)}"
    lines.append(f"- **Outcome:** {outcome}")
    if entry.guard:
        lines.append(f"- **Guard:** {_inline(entry.guard)}")
    if entry.latency_ms is not None:
        lines.append(f"- **Latency:** {entry.latency_ms:.0f} ms")
    if entry.pending:
        lines.append("- **Pending:** written before sending; the console never completed it")
    if entry.spooled:
        lines.append(f"- **Shared history:** {SPOOLED_WORDS}")
    if entry.settlement is not None:
        lines.append(f"- **Settled:** {SETTLEMENT_WORDS[entry.settlement]}")
    if entry.proof_entry is not None:
        lines.append(f"- **Proof:** entry #{entry.proof_entry} (the verify that showed it)")
    if entry.proves_entry is not None:
        lines.append(f"- **Proves:** consume entry #{entry.proves_entry}")
    if entry.resolution:
        when = f" ({entry.resolved_at:%Y-%m-%d %H:%M:%S} UTC)" if entry.resolved_at else ""
        lines.append(f"- **Resolution:** {_inline(entry.resolution)}{when}")
    elif entry.unresolved:
        lines.append("- **Resolution:** not yet resolved — run `nowgg-console history resolve`")
    if entry.note:
        lines.append(f"- **Note:** {_inline(entry.note)}")
    if entry.reply is not None:
        lines.extend(["- **Reply:**", "", *_fenced_json(entry.reply)])
    if entry.received is not None:
        lines.extend(["- **Received (not JSON):**", "", *_fenced_json(entry.received)])
    return lines


def _fenced_json(value: Mapping[str, object]) -> list[str]:
    body = json.dumps(dict(value), ensure_ascii=False, indent=2, default=str)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"  {fence}json", *(f"  {line}" for line in body.splitlines()), f"  {fence}"]


TABLE_HEADER: Final = (
    "#",
    "Time (UTC)",
    "Environment",
    "Action",
    "Token",
    "Order ID",
    "Outcome",
    "Note",
)


def to_markdown(entries: Sequence[HistoryEntry] | Iterable[HistoryEntry]) -> str:
    """A short heading, a summary table, then each entry's details: paste into a ticket."""
    items = list(entries)
    lines = ["## now.gg Payments console — history", ""]
    if not items:
        return "\n".join([*lines, "No history entries.", ""])
    first, last = min(e.at for e in items), max(e.at for e in items)
    count = f"{len(items)} entr{'y' if len(items) == 1 else 'ies'}"
    lines += [f"{count}, {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC.", ""]
    lines.append("| " + " | ".join(TABLE_HEADER) + " |")
    lines.append("|" + "|".join(["---:", *["---"] * (len(TABLE_HEADER) - 1)]) + "|")
    for entry in items:
        cells = (
            entry.id,
            _time(entry),
            entry.environment,
            entry.action.value,
            entry.token,
            entry.order_id,
            _outcome(entry),
            entry.note,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    for entry in items:
        lines += ["", *_details(entry)]
    return "\n".join(lines) + "\n"
