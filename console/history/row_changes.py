"""The changes `HistoryStore` makes to rows inside one transaction: an outcome recorded on a
written-ahead entry, entries made elsewhere imported by uid, and the server's entries merged
with this machine's spool. Functions of a transaction, so each runs on either backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from console.history.backend import Transaction
from console.history.entries import HistoryEntry, Outcome
from console.history.numbers import storable_int, storable_real
from console.history.rows import INSERT_SQL, ON_UID_CONFLICT, clean, dump_json, one_line, to_params


def finish_pending(
    entry_id: int, fields: Mapping[str, Any], secrets: Sequence[str], connection: Transaction
) -> None:
    """`_finish`, for an entry still pending: an outcome kept in the spool and sent again after
    a cut-off send finds its entry completed, and changes nothing."""
    row = connection.execute("SELECT pending FROM history WHERE id = ?", (entry_id,)).fetchone()
    if row is not None and row[0]:
        finish(connection, entry_id, fields, secrets)


def finish(
    connection: Transaction, entry_id: int, fields: Mapping[str, Any], secrets: Sequence[str]
) -> tuple[int, str | None]:
    """`complete`'s update of entry `entry_id` (`fields` as `complete` made them): how many
    rows changed, and the resolution a known outcome superseded (else None)."""
    row = connection.execute(
        "SELECT resolution, resolved_at FROM history WHERE id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        return 0, None
    resolution, resolved_at = row
    outcome = Outcome(fields["outcome"])
    if resolved_at is not None and outcome is Outcome.UNKNOWN:
        # What resolve found stands: this completion knows less than it does.
        connection.execute("UPDATE history SET pending = 0 WHERE id = ?", (entry_id,))
        return 1, None
    now = fields["now"]
    superseded = None
    if resolved_at is not None:
        superseded = resolution or "(no text)"
        resolution = (
            f"superseded: history resolve had settled this entry at {resolved_at} as "
            f"'{superseded}'; the consume's own reply came later, at {now}, and "
            "replaced that resolution (the outcome and reason are the reply's)"
        )
    elif fields["resolution"]:
        resolution, resolved_at = fields["resolution"], now
    changed = connection.execute(
        "UPDATE history SET outcome = ?, code = ?, reason = ?, reply = ?, "
        "latency_ms = ?, order_id = coalesce(?, order_id), pending = 0, "
        "resolution = ?, resolved_at = ?, settlement = coalesce(?, settlement), "
        "proof_entry = coalesce(?, proof_entry), received = ? WHERE id = ?",
        (
            outcome.value,
            fields["code"],
            clean(one_line(fields["reason"]), secrets),
            dump_json(fields["reply"], secrets),
            storable_real(fields["latency_ms"]),
            clean(fields["order_id"], secrets),
            clean(resolution, secrets),
            resolved_at,
            fields["settlement"],
            storable_int(fields["proof_entry"]),
            dump_json(fields["received"], secrets),
            entry_id,
        ),
    ).rowcount
    return int(changed), superseded


def with_spooled(found: list[HistoryEntry], spooled: list[HistoryEntry]) -> list[HistoryEntry]:
    """The server's entries and the spool's, newest first, each once by its uid: an entry
    sent while it was read (a send cut off after the server's commit) is the server's."""
    if not spooled:
        return found
    on_server = {entry.uid for entry in found}
    merged = found + [entry for entry in spooled if entry.uid not in on_server]
    merged.sort(key=lambda entry: (entry.at, entry.id or 0), reverse=True)
    return merged


def import_rows(
    connection: Transaction, entries: Sequence[HistoryEntry], secrets: Sequence[str]
) -> tuple[dict[int, int], int]:
    """Insert entries made elsewhere (oldest first) unless their uid is already stored; the
    links between them are moved onto the new ids. Returns (their id -> the id here, how many
    were added)."""
    new_ids: dict[int, int] = {}
    added: list[tuple[int, int | None, int | None]] = []
    for entry in entries:
        row = {**to_params(entry, secrets), "proof_entry": None, "proves_entry": None}
        landed = connection.execute(f"{INSERT_SQL} {ON_UID_CONFLICT}", row).rowcount
        found = connection.execute("SELECT id FROM history WHERE uid = ?", (row["uid"],))
        here = int(found.fetchone()[0])
        if entry.id is not None:
            new_ids[entry.id] = here
        if landed:
            added.append((here, entry.proof_entry, entry.proves_entry))
    for here, proof, proves in added:
        if proof is not None or proves is not None:
            connection.execute(
                "UPDATE history SET proof_entry = ?, proves_entry = ? WHERE id = ?",
                (new_ids.get(proof or 0), new_ids.get(proves or 0), here),
            )
    return new_ids, len(added)
