"""Between `HistoryEntry` and the `history` table: timestamps, JSON columns, scrubbing."""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from console import __version__
from console.history.entries import Action, HistoryEntry, JsonMapping, Outcome, Settlement
from console.history.numbers import code_and_reason, storable_int, storable_real
from console.history.schema import COLUMNS
from console.history.scrub import scrub, scrub_json
from console.history.uid import random_uuid_hex

SELECT_COLUMNS: Final = ", ".join(COLUMNS)
INSERT_COLUMNS: Final = COLUMNS[1:]
INSERT_SQL: Final = (
    f"INSERT INTO history ({', '.join(INSERT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + name for name in INSERT_COLUMNS)})"
)


ON_UID_CONFLICT: Final = "ON CONFLICT (uid) DO NOTHING"
"""After INSERT_SQL: an entry already stored (by its uid) is left as it is."""


def format_time(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601 (`2024-10-30T06:08:01.000000Z`): text order = time order."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def one_line(text: str | None) -> str | None:
    """Reasons are shown in a table cell and a status line: keep them to one line."""
    return None if text is None else " ".join(text.split())


def dump_json(value: JsonMapping | None, secrets: Sequence[str]) -> str | None:
    if value is None:
        return None
    # default=str: a stray non-JSON value (a datetime, a Decimal) must not lose the entry.
    scrubbed = scrub_json(value, secrets) if secrets else value
    return json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":"), default=str)


def load_json(text: str | None) -> JsonMapping | None:
    if text is None:
        return None
    try:
        value: Any = json.loads(text)
    except ValueError:
        # Hand-edited or truncated text: show it rather than fail the whole search.
        return {"unparsedText": text}
    return value if isinstance(value, Mapping) else {"value": value}


def clean(text: str | None, secrets: Sequence[str]) -> str | None:
    # The common case (no keys configured, or none to scrub) stays cheap for bulk imports.
    return text if text is None or not secrets else scrub(text, secrets)


def _text(text: str, secrets: Sequence[str]) -> str:
    return scrub(text, secrets) if secrets else text


def to_params(entry: HistoryEntry, secrets: Sequence[str]) -> dict[str, object]:
    """Named parameters for `INSERT_SQL`, every text field scrubbed of the given secrets and
    every number one SQLite can hold (numbers.py)."""
    code, reason = code_and_reason(entry.code, entry.reason)
    return {
        "at": format_time(entry.at),
        "operator": _text(entry.operator, secrets),
        "environment": _text(entry.environment, secrets),
        "host": _text(entry.host, secrets),
        "action": entry.action.value,
        "token": _text(entry.token, secrets),
        "store": _text(entry.store, secrets),
        "product_id": clean(entry.product_id, secrets),
        "currency": clean(entry.currency, secrets),
        "order_id": clean(entry.order_id, secrets),
        "outcome": entry.outcome.value,
        "code": code,
        "reason": clean(one_line(reason), secrets),
        "request": dump_json(entry.request, secrets),
        "reply": dump_json(entry.reply, secrets),
        "latency_ms": storable_real(entry.latency_ms),
        "note": clean(entry.note, secrets),
        "pending": int(entry.pending),
        "resolution": clean(entry.resolution, secrets),
        "resolved_at": None if entry.resolved_at is None else format_time(entry.resolved_at),
        "owner_host": clean(entry.owner_host, secrets),
        "owner_pid": storable_int(entry.owner_pid),
        "lock_name": entry.lock_name,
        "deadline_s": storable_real(entry.deadline_s),
        "guard": clean(entry.guard, secrets),
        "settlement": entry.settlement.value if entry.settlement is not None else None,
        "proof_entry": storable_int(entry.proof_entry),
        "proves_entry": storable_int(entry.proves_entry),
        "received": dump_json(entry.received, secrets),
        "uid": entry.uid or new_uid(),
        "machine": clean(entry.machine, secrets) or this_machine(),
        "console_version": entry.console_version or __version__,
    }


def new_uid() -> str:
    return random_uuid_hex()


def this_machine() -> str:
    return socket.gethostname() or "localhost"


def from_row(row: Sequence[Any]) -> HistoryEntry:
    """A `HistoryEntry` from a row selected with `SELECT_COLUMNS` (same order as COLUMNS)."""
    (
        entry_id,
        at,
        operator,
        environment,
        host,
        action,
        token,
        store,
        product_id,
        currency,
        order_id,
        outcome,
        code,
        reason,
        request,
        reply,
        latency_ms,
        note,
        pending,
        resolution,
        resolved_at,
        owner_host,
        owner_pid,
        lock_name,
        deadline_s,
        guard,
        settlement,
        proof_entry,
        proves_entry,
        received,
        uid,
        machine,
        console_version,
    ) = row
    return HistoryEntry(
        id=entry_id,
        at=parse_time(at),
        operator=operator,
        environment=environment,
        host=host,
        action=Action(action),
        token=token,
        store=store,
        product_id=product_id,
        currency=currency,
        order_id=order_id,
        outcome=Outcome(outcome),
        code=code,
        reason=reason,
        request=load_json(request),
        reply=load_json(reply),
        latency_ms=latency_ms,
        note=note,
        pending=bool(pending),
        resolution=resolution,
        resolved_at=None if resolved_at is None else parse_time(resolved_at),
        owner_host=owner_host,
        owner_pid=owner_pid,
        lock_name=lock_name,
        deadline_s=deadline_s,
        guard=guard,
        settlement=None if settlement is None else Settlement(settlement),
        proof_entry=proof_entry,
        proves_entry=proves_entry,
        received=load_json(received),
        uid=uid,
        machine=machine,
        console_version=console_version,
    )
