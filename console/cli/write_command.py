"""The one body of the write commands, `consume` and `acknowledge`: check → confirm → act
(DESIGN.md), the operation a parameter (`WriteCommand`).

Both look the purchase up first and show it (an acknowledge with its deadline), refuse with
the same exit codes, ask the same way (a terminal or `--yes`; typed in production: confirm.py),
send once through the desk's write-ahead, and say the same of a Ctrl+C in flight. What each
says after the send is its own (consume_command.py, acknowledge_command.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from console.desk import (
    Desk,
    QueryInput,
    Refusal,
    RefusalReason,
    WriteInterrupted,
    WriteOperation,
    WriteOutcome,
    WritePlan,
    WriteStatus,
)
from console.text_safety import printable

from .common import open_desk
from .confirm import ask_consent
from .exit_codes import ExitCode
from .json_write import plan_json, refusal_json, write_document, write_json
from .outcome_codes import exit_code_for_failure, exit_code_for_write
from .output import Output
from .render_deadline import render_deadline
from .render_dry_run import render_dry_run
from .render_lookup import render_environment, render_lookup
from .style import Style


@dataclass(frozen=True)
class WriteCommand:
    """What a write command asks of the desk and says afterwards."""

    operation: WriteOperation
    check: Callable[[Desk, QueryInput, argparse.Namespace], Awaitable[WritePlan]]
    """The desk's check: every guard, the verify first (sends no write)."""
    dry_run: Callable[[Desk, QueryInput, argparse.Namespace], Awaitable[WritePlan]]
    send: Callable[[Desk, WritePlan, str | None], Awaitable[WriteOutcome]]
    result_lines: Callable[[WriteOutcome, Desk, Style], list[str]]
    """What a terminal shows of the outcome."""
    interrupted: Callable[[Desk, int, datetime], str]
    """What to say when Ctrl+C ended the process with the write in flight (its entry id, the
    time it was sent)."""


async def run_write(command: WriteCommand, args: argparse.Namespace, output: Output) -> int:
    operation = command.operation
    async with open_desk(args, output) as (_, desk):
        query = desk.read_query(
            args.token, store=args.store, product_id=args.product_id, currency=args.currency
        )
        if args.dry_run:
            return await _dry_run(command, args, desk, query, output)
        plan = await command.check(desk, query, args)
        if not plan.allowed:
            return _refused(args, plan, desk, output)
        if not args.json and plan.check is not None:
            output.lines([*_purchase_lines(plan, output.style), ""])
        if plan.overridden is not None:
            output.note(
                output.style.paint("FORCED: ", "bad")
                + f"overriding a guard: {printable(plan.overridden.message)}"
            )
        if not args.yes:
            if not sys.stdin.isatty():
                refusal = Refusal(
                    RefusalReason.NOT_CONFIRMED,
                    f"there is no terminal to confirm on; pass --yes to {operation.name} "
                    "without asking (scripts)",
                    forceable=False,
                )
                # On record like every refusal: the target, and the guard that said no.
                await desk.record_refused(
                    query,
                    refusal,
                    lookup=plan.check,
                    note=args.note,
                    operation=operation,
                    deadline=plan.deadline,
                )
                return _refused_no_consent(args, plan, output, refusal)
            if not ask_consent(plan, desk.environment, desk.host, sys.stdin, output.err):
                await desk.record_cancelled(plan, note=args.note)
                return _cancelled(args, plan, output)
        sent_at = datetime.now(UTC)
        try:
            outcome = await command.send(desk, plan, args.note)
        except WriteInterrupted as interrupted:
            # Ctrl+C with the write in flight: the process ends, the entry stays on record.
            message = command.interrupted(desk, interrupted.entry_id, sent_at)
            return _interrupted(args, plan, interrupted.entry_id, message, output)
    if outcome.superseded is not None:
        output.note(_superseded_note(outcome))
    if args.json:
        output.json(write_json(outcome))
    else:
        output.lines(command.result_lines(outcome, desk, output.style))
    return exit_code_for_write(outcome)


def _purchase_lines(plan: WritePlan, style: Style) -> list[str]:
    """The purchase the check verified, and its deadline where the operation has one."""
    assert plan.check is not None
    lines = render_lookup(plan.check, style)
    if plan.operation.deadline_rule and plan.check.decoded is not None:
        lines = [*lines, render_deadline(plan.deadline, style)]
    return lines


async def _dry_run(
    command: WriteCommand, args: argparse.Namespace, desk: Desk, query: QueryInput, output: Output
) -> int:
    plan = await command.dry_run(desk, query, args)
    if not plan.allowed or plan.request is None:
        return _refused(args, plan, desk, output)
    if args.json:
        output.json(
            write_document(
                plan.operation,
                "dry_run",
                "ok",
                "Dry run: nothing was sent, not even the verify.",
                ok=True,
                plan=plan_json(plan),
                dryRun=True,
                curl=desk.curl_for(plan.request),
            )
        )
        return ExitCode.OK
    output.lines(render_dry_run(desk, plan, output.style))
    return ExitCode.OK


def _refused(args: argparse.Namespace, plan: WritePlan, desk: Desk, output: Output) -> int:
    refusal = plan.refusal
    assert refusal is not None, "a plan that is not allowed carries its refusal"
    if args.json:
        output.json(_refused_document(plan, refusal))
    else:
        lines = [render_environment(desk.environment, desk.host, output.style)]
        if plan.check is not None:
            lines = [*_purchase_lines(plan, output.style), ""]
        lines.append(output.style.paint(f"Refused: {printable(refusal.message)}", "bad"))
        sent = (
            f"No {plan.operation.name} was sent" if plan.check is not None else "Nothing was sent"
        )
        lines.append(
            f"{sent}."
            + (" --force overrides this guard, deliberately." if refusal.forceable else "")
        )
        output.lines(lines)
    if refusal.reason is RefusalReason.LOOKUP_FAILED and plan.check and plan.check.failure:
        return exit_code_for_failure(plan.check.failure)
    if refusal.reason in (RefusalReason.INVALID_INPUT, RefusalReason.MISSING_KEY):
        return ExitCode.USAGE
    if refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
        return ExitCode.UNAVAILABLE
    return ExitCode.REFUSED


def _refused_document(plan: WritePlan, refusal: Refusal) -> dict[str, object]:
    return write_document(
        plan.operation,
        "refused",
        "refused",
        f"Refused: {refusal.message}",
        plan=plan_json(plan),
        refusal=refusal_json(refusal),
    )


def _refused_no_consent(
    args: argparse.Namespace, plan: WritePlan, output: Output, refusal: Refusal
) -> int:
    if args.json:
        output.json(_refused_document(plan, refusal))
    else:
        output.lines([output.style.paint(f"Refused: {refusal.message}", "bad")])
    return ExitCode.REFUSED


def _cancelled(args: argparse.Namespace, plan: WritePlan, output: Output) -> int:
    message = "Cancelled at the confirmation; nothing was sent."
    if args.json:
        output.json(
            write_document(plan.operation, "cancelled", "cancelled", message, plan=plan_json(plan))
        )
    else:
        output.lines([output.style.paint(message, "bad")])
    return ExitCode.REFUSED


def _interrupted(
    args: argparse.Namespace, plan: WritePlan, entry_id: int, message: str, output: Output
) -> int:
    if args.json:
        output.json(
            write_document(
                plan.operation,
                WriteStatus.UNKNOWN.value,
                "unknown",
                message,
                interrupted=True,
                historyEntry=entry_id,
            )
        )
    output.note(f"nowgg-console: {message}")
    return ExitCode.INTERRUPTED


def _superseded_note(outcome: WriteOutcome) -> str:
    return (
        f"nowgg-console: note: `history resolve` had settled entry {outcome.history_entry} "
        f"while this {outcome.plan.operation.name} was in flight ('{outcome.superseded}'); "
        f"the {outcome.plan.operation.name}'s own outcome above replaced that resolution in "
        "the history."
    )
