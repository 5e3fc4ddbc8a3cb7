"""`nowgg-console consume TOKEN`: check → act → verify (DESIGN.md), with guards and consent —
the one body of a write command (write_command.py). What is the consume's own is the proof:
the verify after it, shown, and `history resolve` for an outcome left unknown."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from console.desk import CONSUME, Desk, QueryInput, WriteOutcome, WritePlan, WriteStatus
from console.desk.deadline import resolve_window
from console.settings.environments import ADHOC
from console.text_safety import printable

from .output import Output
from .render_failure import render_failure
from .render_lookup import render_proof
from .style import Style
from .write_command import WriteCommand, run_write


async def run_consume(args: argparse.Namespace, output: Output) -> int:
    return await run_write(CONSUME_COMMAND, args, output)


async def _check(desk: Desk, query: QueryInput, args: argparse.Namespace) -> WritePlan:
    return await desk.check_consume(
        query, developer_payload=args.developer_payload, force=args.force, note=args.note
    )


async def _dry_run(desk: Desk, query: QueryInput, args: argparse.Namespace) -> WritePlan:
    return await desk.dry_run_consume(query, developer_payload=args.developer_payload)


async def _send(desk: Desk, plan: WritePlan, note: str | None) -> WriteOutcome:
    return await desk.consume(plan, note=note)


def _result_lines(outcome: WriteOutcome, desk: Desk, style: Style) -> list[str]:
    tone = "good" if outcome.status is WriteStatus.CONSUMED else "bad"
    lines = [style.paint(printable(outcome.summary), tone)]
    if outcome.status is WriteStatus.REFUSED:
        lines.append("Nothing was sent.")
    # Once verifying has settled an unknown outcome, the lost reply's explanation is noise.
    settled = outcome.status in (WriteStatus.CONSUMED, WriteStatus.NOT_CONSUMED)
    if outcome.failure is not None and not settled:
        lines += ["", *render_failure(outcome.failure, style)]
    if outcome.proof is not None:
        lines += ["", style.paint("Proof — verified after the consume:", "bold")]
        lines += render_proof(outcome.proof, style)
    if outcome.status in (WriteStatus.UNKNOWN, WriteStatus.CONTRADICTION):
        lines += ["", _on_record(desk, outcome.history_entry)]
    if desk.environment.embedded_sandbox:
        lines += [
            "",
            style.paint(
                "(The embedded sandbox keeps its state for this run only; "
                "`nowgg-console sandbox serve` keeps it between commands.)",
                "dim",
            ),
        ]
    return lines


def _resolve_command(desk: Desk) -> str:
    if desk.environment.name == ADHOC and desk.environment.base_url:
        return f"nowgg-console history resolve --base-url {desk.environment.base_url}"
    return "nowgg-console history resolve"


def _on_record(desk: Desk, entry_id: int | None) -> str:
    where = f"history entry {entry_id}" if entry_id is not None else "the history"
    return (
        f"It is on record as {where}, outcome unknown: do not consume again; "
        f"`{_resolve_command(desk)}` settles it later by verifying, which is safe."
    )


def _interrupted(desk: Desk, entry_id: int, sent_at: datetime) -> str:
    # Written ahead just after `sent_at`: a second later is never too early to say.
    resolvable = sent_at + resolve_window(desk.deadline_s) + timedelta(seconds=1)
    return (
        "Interrupted with the consume in flight: its outcome is unknown — now.gg may or may "
        f"not have consumed the purchase. It is on record as history entry {entry_id}. Do "
        f"not consume again: `{_resolve_command(desk)}` settles it by verifying (safe), from "
        f"{resolvable:%H:%M:%S} UTC, once its request's deadline has passed."
    )


CONSUME_COMMAND = WriteCommand(CONSUME, _check, _dry_run, _send, _result_lines, _interrupted)
