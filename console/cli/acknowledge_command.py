"""`nowgg-console acknowledge TOKEN`: look up, show the deadline, confirm, acknowledge once.

The consume command's shape (consume_command.py): the same refusals and exit codes, the same
consent rule (a terminal or `--yes`; typed in production), the same write-ahead and
interruption handling. What differs is the proof: verifying cannot show an acknowledgement,
so the proof is now.gg's own reply, kept in the history.
"""

from __future__ import annotations

import argparse
import json
import sys

from console.desk import (
    AcknowledgeOutcome,
    AcknowledgePlan,
    AcknowledgeStatus,
    Desk,
    QueryInput,
    Refusal,
    RefusalReason,
    WriteInterrupted,
)
from console.payments import AcknowledgeDeadline
from console.payments import DeadlineUrgency as Urgency
from console.text_safety import printable

from .acknowledge_confirm import ask_consent
from .common import open_desk
from .exit_codes import ExitCode
from .json_acknowledge import (
    acknowledge_document,
    acknowledge_json,
    acknowledge_plan_json,
    refusal_json,
)
from .outcome_codes import exit_code_for_failure
from .output import Output
from .render_dry_run import render_dry_run
from .render_failure import render_failure
from .render_lookup import render_environment, render_lookup
from .style import Style

_TONES = {
    Urgency.CALM: "good",
    Urgency.SOON: "warn",
    Urgency.URGENT: "bad",
    Urgency.PASSED: "bad",
}


def render_deadline(deadline: AcknowledgeDeadline | None, style: Style) -> str:
    """ "Acknowledge by 2026-12-04 17:00 UTC (70 h 59 min left)", coloured as it nears."""
    if deadline is None:
        return style.paint(
            "Deadline to acknowledge: not known (the reply has no readable purchase time)",
            "warn",
        )
    verb = "Deadline to acknowledge" if deadline.passed else "Acknowledge by"
    return style.paint(f"{verb}: {deadline.text}", _TONES[deadline.urgency])


async def run_acknowledge(args: argparse.Namespace, output: Output) -> int:
    async with open_desk(args, output) as (_, desk):
        query = desk.read_query(
            args.token, store=args.store, product_id=args.product_id, currency=args.currency
        )
        if args.dry_run:
            return await _dry_run(args, desk, query, output)
        plan = await desk.check_acknowledge(query, force=args.force, note=args.note)
        if not plan.allowed:
            return _refused(args, plan, desk, output)
        if not args.json and plan.check is not None:
            deadline = render_deadline(plan.deadline, output.style)
            output.lines([*render_lookup(plan.check, output.style), deadline, ""])
        if plan.overridden is not None:
            output.note(
                output.style.paint("FORCED: ", "bad")
                + f"overriding a guard: {printable(plan.overridden.message)}"
            )
        if not args.yes:
            if not sys.stdin.isatty():
                refusal = Refusal(
                    RefusalReason.NOT_CONFIRMED,
                    "there is no terminal to confirm on; pass --yes to acknowledge without "
                    "asking (scripts)",
                    forceable=False,
                )
                # On record like every refusal: the target, and the guard that said no.
                await desk.record_acknowledge_refused(
                    query, refusal, lookup=plan.check, deadline=plan.deadline, note=args.note
                )
                return _refused_no_consent(args, plan, output, refusal)
            if not ask_consent(plan, desk.environment, desk.host, sys.stdin, output.err):
                await desk.record_acknowledge_cancelled(plan, note=args.note)
                return _cancelled(args, plan, output)
        try:
            outcome = await desk.acknowledge(plan, note=args.note)
        except WriteInterrupted as interrupted:
            return _interrupted(args, interrupted.entry_id, output)
    if args.json:
        output.json(acknowledge_json(outcome))
        return exit_code_for_acknowledge(outcome)
    output.lines(_result_lines(outcome, output.style))
    return exit_code_for_acknowledge(outcome)


def _result_lines(outcome: AcknowledgeOutcome, style: Style) -> list[str]:
    tone = "good" if outcome.status is AcknowledgeStatus.ACKNOWLEDGED else "bad"
    lines = [style.paint(printable(outcome.summary), tone)]
    if outcome.status is AcknowledgeStatus.REFUSED:
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


def exit_code_for_acknowledge(outcome: AcknowledgeOutcome) -> ExitCode:
    if outcome.status is AcknowledgeStatus.ACKNOWLEDGED:
        return ExitCode.OK
    if outcome.status is AcknowledgeStatus.REFUSED:
        refusal = outcome.refusal
        if refusal is not None and refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
            return ExitCode.UNAVAILABLE
        return ExitCode.REFUSED
    if outcome.status is AcknowledgeStatus.FAILED and outcome.failure is not None:
        return exit_code_for_failure(outcome.failure)
    return ExitCode.NETWORK  # the outcome is unknown


async def _dry_run(args: argparse.Namespace, desk: Desk, query: QueryInput, output: Output) -> int:
    plan = await desk.dry_run_acknowledge(query)
    if not plan.allowed or plan.request is None:
        return _refused(args, plan, desk, output)
    if args.json:
        output.json(
            acknowledge_document(
                "dry_run",
                "ok",
                "Dry run: nothing was sent, not even the verify.",
                ok=True,
                plan=acknowledge_plan_json(plan),
                dryRun=True,
                curl=desk.curl_for(plan.request),
            )
        )
        return ExitCode.OK
    output.lines(render_dry_run(desk, plan, output.style))
    return ExitCode.OK


def _refused(args: argparse.Namespace, plan: AcknowledgePlan, desk: Desk, output: Output) -> int:
    refusal = plan.refusal
    assert refusal is not None, "a plan that is not allowed carries its refusal"
    if args.json:
        output.json(
            acknowledge_document(
                "refused",
                "refused",
                f"Refused: {refusal.message}",
                plan=acknowledge_plan_json(plan),
                refusal=refusal_json(refusal),
            )
        )
    else:
        lines = [render_environment(desk.environment, desk.host, output.style)]
        if plan.check is not None:
            lines = [*render_lookup(plan.check, output.style)]
            if plan.check.decoded is not None:
                lines.append(render_deadline(plan.deadline, output.style))
            lines.append("")
        lines.append(output.style.paint(f"Refused: {printable(refusal.message)}", "bad"))
        sent = "No acknowledge was sent" if plan.check is not None else "Nothing was sent"
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


def _refused_no_consent(
    args: argparse.Namespace, plan: AcknowledgePlan, output: Output, refusal: Refusal
) -> int:
    if args.json:
        output.json(
            acknowledge_document(
                "refused",
                "refused",
                f"Refused: {refusal.message}",
                plan=acknowledge_plan_json(plan),
                refusal=refusal_json(refusal),
            )
        )
    else:
        output.lines([output.style.paint(f"Refused: {refusal.message}", "bad")])
    return ExitCode.REFUSED


def _cancelled(args: argparse.Namespace, plan: AcknowledgePlan, output: Output) -> int:
    message = "Cancelled at the confirmation; nothing was sent."
    if args.json:
        output.json(
            acknowledge_document(
                "cancelled", "cancelled", message, plan=acknowledge_plan_json(plan)
            )
        )
    else:
        output.lines([output.style.paint(message, "bad")])
    return ExitCode.REFUSED


def _interrupted(args: argparse.Namespace, entry_id: int, output: Output) -> int:
    message = (
        "Interrupted with the acknowledge in flight: its outcome is unknown — now.gg may or "
        f"may not have acknowledged the subscription. It is on record as history entry "
        f"{entry_id}. Verifying cannot tell; acknowledging again can, safely: now.gg answers "
        "5002 if this one went through."
    )
    if args.json:
        output.json(
            acknowledge_document(
                AcknowledgeStatus.UNKNOWN.value,
                "unknown",
                message,
                interrupted=True,
                historyEntry=entry_id,
            )
        )
    output.note(f"nowgg-console: {message}")
    return ExitCode.INTERRUPTED
