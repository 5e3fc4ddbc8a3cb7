"""`nowgg-console history`: every verify and consume made on this machine, on record."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from pathlib import Path

from console.desk.payload_search import search_by_payload
from console.desk.resolving import ResolveReport, Settled, resolve_unknown_consumes
from console.desk.workspace import Workspace
from console.history import (
    SPOOLED_WORDS,
    Action,
    HistoryEntry,
    HistoryEntryNotFound,
    HistoryFilter,
    HistoryUnavailable,
    Outcome,
)
from console.history.export import masked_entries, to_csv, to_json, to_markdown
from console.history.export_file import write_export_to
from console.history.ticket_reply import to_ticket_reply
from console.text_safety import printable

from .common import open_workspace, say_notices
from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError

_EXPORTERS = {"md": to_markdown, "json": to_json, "csv": to_csv, "ticket": to_ticket_reply}


def _filter(args: argparse.Namespace) -> HistoryFilter:
    """The filters, each already checked as it was read (`flag_values`)."""
    return HistoryFilter(
        environment=args.env,
        token=args.token.strip() if args.token else None,
        order_id=args.order_id,
        ticket=args.ticket,
        operator=args.operator,
        since=args.since,
        action=Action(args.action) if args.action else None,
        outcome=Outcome(args.outcome) if args.outcome else None,
        limit=args.limit,
    )


async def _search(workspace: Workspace, args: argparse.Namespace) -> list[HistoryEntry]:
    """The filters' entries; with `--payload`, those whose developerPayload holds it."""
    if args.payload is None:
        return await workspace.search_history(_filter(args))
    name, value = args.payload
    return await search_by_payload(workspace, _filter(args), name, value)


async def _open(workspace: Workspace, output: Output) -> None:
    """Open the history first, so that what opening found (a damaged file moved aside, or why
    the history is off) is said before anything read from it."""
    await workspace.open_history()
    say_notices(workspace, output)


def _outcome_text(entry: HistoryEntry) -> str:
    if entry.unresolved:
        return "UNKNOWN (unresolved)"
    text = entry.outcome.value
    if entry.code not in (None, 0):
        text += f" {entry.code}"
    return text


def _column(value: str | None, width: int | None = None) -> str:
    """A stored value (a pasted token, a note, a reply's order id) as one printable cell."""
    text = printable(value) if value else "-"
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def history_row(entry: HistoryEntry) -> str:
    """One entry of `nowgg-console history`: every stored value printable, on one line."""
    note = f"  [{_column(entry.note)}]" if entry.note else ""
    if entry.spooled:
        note += f"  ({SPOOLED_WORDS})"
    return (
        f"{entry.id:>6}  {entry.at:%Y-%m-%d %H:%M:%S}  {_column(entry.environment):<14} "
        f"{entry.action.value:<8} {_column(entry.token, 28):<28} {_column(entry.order_id):<28} "
        f"{_outcome_text(entry)}{note}"
    )


async def run_list(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        await _open(workspace, output)
        try:
            entries = await _search(workspace, args)
        except HistoryUnavailable as error:
            return _unavailable(error, workspace, output)
        say_notices(workspace, output)  # rows this version cannot read
    if args.json:
        output.json(json.loads(to_json(entries)))
        return ExitCode.OK
    if not entries:
        output.lines(["No entries match."])
        return ExitCode.OK
    header = (
        f"{'id':>6}  {'time (UTC)':<19}  {'environment':<14} {'action':<8} "
        f"{'token':<28} {'order id':<28} outcome"
    )
    output.lines([output.style.paint(header, "bold"), *(history_row(entry) for entry in entries)])
    return ExitCode.OK


async def run_show(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        await _open(workspace, output)
        try:
            entry = await workspace.history_entry(args.id)
        except HistoryUnavailable as error:
            return _unavailable(error, workspace, output)
    if entry is None:
        raise UsageError(f"there is no history entry {args.id}")
    if args.json:
        output.json(json.loads(to_json([entry]))["entries"][0])
    else:
        output.lines(to_markdown([entry]).splitlines())
    return ExitCode.OK


async def run_note(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        await _open(workspace, output)
        try:
            await workspace.note_history_entry(args.id, args.text)
        except HistoryEntryNotFound:
            raise UsageError(f"there is no history entry {args.id}") from None
        except HistoryUnavailable as error:
            return _unavailable(error, workspace, output)
    output.lines([f"Entry {args.id}: note {'removed' if not args.text.strip() else 'saved'}."])
    return ExitCode.OK


async def run_export(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        await _open(workspace, output)
        try:
            entries = await _search(workspace, args)
        except HistoryUnavailable as error:
            return _unavailable(error, workspace, output)
        say_notices(workspace, output)  # rows this version cannot read
    text = _EXPORTERS[args.format](masked_entries(entries, output.secrets()))
    if args.output:
        try:
            write_export_to(Path(args.output), text)
        except OSError as error:
            raise UsageError(f"cannot write {args.output}: {error.strerror or error}") from None
        output.note(f"Exported {len(entries)} entries to {args.output}.")
    else:
        # Exact for a pipe or a redirect; printable when stdout is a terminal (README).
        output.document(text)
    return ExitCode.OK


async def run_resolve(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        await _open(workspace, output)
        try:
            min_age = timedelta(seconds=args.min_age) if args.min_age is not None else None
            base_url = args.base_url or None
            report = await resolve_unknown_consumes(
                workspace, min_age=min_age, base_url=base_url, at_once=args.now
            )
        except HistoryUnavailable as error:
            return _unavailable(error, workspace, output)
    if report.empty:
        output.lines(["No consume with an unknown outcome is waiting to be resolved."])
        return ExitCode.OK
    lines = []
    for resolution in report.resolutions:
        entry = resolution.entry
        tone = "warn" if resolution.settled is Settled.STILL_UNKNOWN else "good"
        proof = f" (proof: entry {resolution.proof_entry})" if resolution.proof_entry else ""
        lines.append(
            f"entry {entry.id} · {_column(entry.environment)} · {_column(entry.token)}: "
            + output.style.paint(printable(resolution.message), tone)
            + proof
        )
    lines += _left_alone(report)
    for said in report.acknowledges:
        # Named, never settled: nothing this API offers tells (desk/acknowledge_resolving.py).
        entry = said.entry
        lines.append(
            f"acknowledge entry {entry.id} · {_column(entry.environment)} · "
            f"{_column(entry.token)}: outcome unknown; "
            + output.style.paint(printable(said.message), "warn")
        )
    output.lines(lines)
    unresolved = any(r.settled is Settled.STILL_UNKNOWN for r in report.resolutions)
    return ExitCode.NETWORK if unresolved else ExitCode.OK


def _left_alone(report: ResolveReport) -> list[str]:
    """What resolve did not touch this time, and when it will."""
    lines = []
    if report.in_flight:
        held = ", ".join(
            f"entry {waiting.entry.id} (held by process {waiting.entry.owner_pid} on "
            f"{waiting.entry.owner_host})"
            for waiting in report.in_flight
        )
        count = len(report.in_flight)
        lines.append(
            f"Skipped {count} consume{'s' if count != 1 else ''} still in flight: {held}. "
            f"{'Each becomes' if count != 1 else 'It becomes'} resolvable once its process "
            "ends; until then its outcome may still arrive."
        )
    if report.too_recent:
        waits = "; ".join(
            f"entry {waiting.entry.id}, resolvable from {_up_to_second(waiting.until)} UTC"
            for waiting in report.too_recent
            if waiting.until is not None
        )
        count = len(report.too_recent)
        lines.append(
            f"Skipped {count} consume{'s' if count != 1 else ''} still inside the grace "
            f"window (its request may still be running until its deadline has passed): "
            f"{waits}. `nowgg-console history resolve --now` resolves "
            f"{'them' if count != 1 else 'it'} at once."
        )
    return lines


def _up_to_second(moment: datetime) -> str:
    """Rounded up: "from 10:00:05" must never be a moment too early."""
    whole = moment.replace(microsecond=0)
    return f"{whole + timedelta(seconds=1) if whole < moment else whole:%Y-%m-%d %H:%M:%S}"


def _unavailable(error: HistoryUnavailable, workspace: Workspace, output: Output) -> int:
    if error is workspace.history_problem:
        # Said in full by the notice: why, and what to do about it.
        output.note("nowgg-console: the history is not available (see the message above)")
    else:
        output.note(f"nowgg-console: {error.reason}")
    return ExitCode.UNAVAILABLE
