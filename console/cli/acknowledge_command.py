"""`nowgg-console acknowledge TOKEN`: look up, show the deadline, confirm, acknowledge once —
the one body of a write command (write_command.py). What is the acknowledge's own is the
proof: verifying cannot show an acknowledgement, so the proof is now.gg's own reply, kept in
the history.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from console.desk import ACKNOWLEDGE, Desk, QueryInput, WriteOutcome, WritePlan, WriteStatus
from console.text_safety import printable

from .output import Output
from .render_failure import render_failure
from .style import Style
from .write_command import WriteCommand, run_write


async def run_acknowledge(args: argparse.Namespace, output: Output) -> int:
    return await run_write(ACKNOWLEDGE_COMMAND, args, output)


async def _check(desk: Desk, query: QueryInput, args: argparse.Namespace) -> WritePlan:
    return await desk.check_acknowledge(query, force=args.force, note=args.note)


async def _dry_run(desk: Desk, query: QueryInput, args: argparse.Namespace) -> WritePlan:
    return await desk.dry_run_acknowledge(query)


async def _send(desk: Desk, plan: WritePlan, note: str | None) -> WriteOutcome:
    return await desk.acknowledge(plan, note=note)


def _result_lines(outcome: WriteOutcome, desk: Desk, style: Style) -> list[str]:
    tone = "good" if outcome.done else "bad"
    lines = [style.paint(printable(outcome.summary), tone)]
    if outcome.status is WriteStatus.REFUSED:
        lines.append("Nothing was sent.")
    if outcome.failure is not None:
        lines += ["", *render_failure(outcome.failure, style)]
    if outcome.reply is not None:
        # The proof: now.gg's reply as it came (verifying cannot show an acknowledgement).
        latency = f", {outcome.latency_ms:.0f} ms" if outcome.latency_ms is not None else ""
        lines += [
            "",
            style.paint(f"now.gg's reply{latency}:", "bold"),
            "  " + printable(json.dumps(dict(outcome.reply), ensure_ascii=False)),
        ]
    if outcome.history_entry is not None:
        lines.append(style.paint(f"On record as history entry {outcome.history_entry}.", "dim"))
    return lines


def _interrupted(desk: Desk, entry_id: int, sent_at: datetime) -> str:
    return (
        "Interrupted with the acknowledge in flight: its outcome is unknown — now.gg may or "
        f"may not have acknowledged the subscription. It is on record as history entry "
        f"{entry_id}. Verifying cannot tell; acknowledging again can, safely: now.gg answers "
        "5002 if this one went through."
    )


ACKNOWLEDGE_COMMAND = WriteCommand(
    ACKNOWLEDGE, _check, _dry_run, _send, _result_lines, _interrupted
)
