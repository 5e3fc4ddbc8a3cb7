"""`nowgg-console consume TOKEN`: check → act → verify (DESIGN.md), with guards and consent."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from console.desk import (
    ConsumeOutcome,
    ConsumePlan,
    ConsumeStatus,
    Desk,
    QueryInput,
    Refusal,
    RefusalReason,
    WriteInterrupted,
)
from console.desk.deadline import resolve_window
from console.settings.environments import ADHOC
from console.text_safety import printable

from .common import open_desk
from .confirm import ask_consent
from .exit_codes import ExitCode
from .json_output import consume_document, consume_json, plan_json, refusal_json
from .outcome_codes import exit_code_for_consume, exit_code_for_failure
from .output import Output
from .render_dry_run import render_dry_run
from .render_failure import render_failure
from .render_lookup import render_environment, render_lookup, render_proof


async def run_consume(args: argparse.Namespace, output: Output) -> int:
    async with open_desk(args, output) as (_, desk):
        query = desk.read_query(
            args.token, store=args.store, product_id=args.product_id, currency=args.currency
        )
        if args.dry_run:
            return await _dry_run(args, desk, query, output)
        plan = await desk.check_consume(
            query, developer_payload=args.developer_payload, force=args.force, note=args.note
        )
        if not plan.allowed:
            return _refused(args, plan, desk, output)
        if not args.json and plan.check is not None:
            output.lines([*render_lookup(plan.check, output.style), ""])
        if plan.overridden is not None:
            output.note(
                output.style.paint("FORCED: ", "bad") + f"overriding a guard: "
                f"{printable(plan.overridden.message)}"
            )
        if not args.yes:
            if not sys.stdin.isatty():
                refusal = Refusal(
                    RefusalReason.NOT_CONFIRMED,
                    "there is no terminal to confirm on; pass --yes to consume without "
                    "asking (scripts)",
                    forceable=False,
                )
                # On record like every refusal: the target, and the guard that said no.
                await desk.record_refused(query, refusal, lookup=plan.check, note=args.note)
                return _refused_no_consent(args, plan, output, refusal)
            if not ask_consent(plan, desk.environment, desk.host, sys.stdin, output.err):
                await desk.record_cancelled(plan, note=args.note)
                return _cancelled(args, plan, output)
        sent_at = datetime.now(UTC)
        try:
            outcome = await desk.consume(plan, note=args.note)
        except WriteInterrupted as interrupted:
            # Ctrl+C with the consume in flight: the process ends, the entry stays on record.
            return _interrupted(args, desk, interrupted.entry_id, sent_at, output)
    if outcome.superseded is not None:
        output.note(_superseded_note(outcome))
    if args.json:
        output.json(consume_json(outcome))
        return exit_code_for_consume(outcome)
    tone = "good" if outcome.status is ConsumeStatus.CONSUMED else "bad"
    lines = [output.style.paint(printable(outcome.summary), tone)]
    if outcome.status is ConsumeStatus.REFUSED:
        lines.append("Nothing was sent.")
    # Once verifying has settled an unknown outcome, the lost reply's explanation is noise.
    settled = outcome.status in (ConsumeStatus.CONSUMED, ConsumeStatus.NOT_CONSUMED)
    if outcome.failure is not None and not settled:
        lines += ["", *render_failure(outcome.failure, output.style)]
    if outcome.proof is not None:
        lines += ["", output.style.paint("Proof — verified after the consume:", "bold")]
        lines += render_proof(outcome.proof, output.style)
    if outcome.status in (ConsumeStatus.UNKNOWN, ConsumeStatus.CONTRADICTION):
        lines += ["", _on_record(desk, outcome.history_entry)]
    if desk.environment.embedded_sandbox:
        lines += [
            "",
            output.style.paint(
                "(The embedded sandbox keeps its state for this run only; "
                "`nowgg-console sandbox serve` keeps it between commands.)",
                "dim",
            ),
        ]
    output.lines(lines)
    return exit_code_for_consume(outcome)


async def _dry_run(args: argparse.Namespace, desk: Desk, query: QueryInput, output: Output) -> int:
    plan = await desk.dry_run_consume(query, developer_payload=args.developer_payload)
    if not plan.allowed or plan.request is None:
        return _refused(args, plan, desk, output)
    if args.json:
        output.json(
            consume_document(
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


def _refused(args: argparse.Namespace, plan: ConsumePlan, desk: Desk, output: Output) -> int:
    refusal = plan.refusal
    assert refusal is not None, "a plan that is not allowed carries its refusal"
    if args.json:
        output.json(
            consume_document(
                "refused",
                "refused",
                f"Refused: {refusal.message}",
                plan=plan_json(plan),
                refusal=refusal_json(refusal),
            )
        )
    else:
        lines = [render_environment(desk.environment, desk.host, output.style)]
        if plan.check is not None:
            lines = [*render_lookup(plan.check, output.style), ""]
        lines.append(output.style.paint(f"Refused: {printable(refusal.message)}", "bad"))
        sent = "No consume was sent" if plan.check is not None else "Nothing was sent"
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


def _interrupted(
    args: argparse.Namespace, desk: Desk, entry_id: int, sent_at: datetime, output: Output
) -> int:
    # Written ahead just after `sent_at`: a second later is never too early to say.
    resolvable = sent_at + resolve_window(desk.deadline_s) + timedelta(seconds=1)
    message = (
        "Interrupted with the consume in flight: its outcome is unknown — now.gg may or may "
        f"not have consumed the purchase. It is on record as history entry {entry_id}. Do "
        f"not consume again: `{_resolve_command(desk)}` settles it by verifying (safe), from "
        f"{resolvable:%H:%M:%S} UTC, once its request's deadline has passed."
    )
    if args.json:
        output.json(
            consume_document(
                ConsumeStatus.UNKNOWN.value,
                "unknown",
                message,
                interrupted=True,
                historyEntry=entry_id,
            )
        )
    output.note(f"nowgg-console: {message}")
    return ExitCode.INTERRUPTED


def _superseded_note(outcome: ConsumeOutcome) -> str:
    return (
        f"nowgg-console: note: `history resolve` had settled entry {outcome.history_entry} "
        f"while this consume was in flight ('{outcome.superseded}'); the consume's own "
        "outcome above replaced that resolution in the history."
    )


def _refused_no_consent(
    args: argparse.Namespace, plan: ConsumePlan, output: Output, refusal: Refusal
) -> int:
    if args.json:
        output.json(
            consume_document(
                "refused",
                "refused",
                f"Refused: {refusal.message}",
                plan=plan_json(plan),
                refusal=refusal_json(refusal),
            )
        )
    else:
        output.lines([output.style.paint(f"Refused: {refusal.message}", "bad")])
    return ExitCode.REFUSED


def _cancelled(args: argparse.Namespace, plan: ConsumePlan, output: Output) -> int:
    message = "Cancelled at the confirmation; nothing was sent."
    if args.json:
        output.json(consume_document("cancelled", "cancelled", message, plan=plan_json(plan)))
    else:
        output.lines([output.style.paint(message, "bad")])
    return ExitCode.REFUSED
