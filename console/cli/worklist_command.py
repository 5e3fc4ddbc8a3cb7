"""`nowgg-console worklist FILE [--consume-paid] [--yes] [--json]`: the console's worklist,
headless, for QA's CI pipelines.

Every token is verified through the desk (recorded like any verify). With `--consume-paid`,
the paid and not consumed rows are consumed after ONE confirmation — the desk's own path for
each (desk/worklist_consume.py: a fresh verify through every guard, written ahead, sent once,
verified) — never a second path to the wire. The exit code is 0 only when every row ended as
asked; otherwise the most serious problem found (see `worklist --help`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.desk import Desk, LookupOutcome, Refusal, RefusalReason
from console.desk.worklist import (
    ParsedWorklist,
    WorklistFileError,
    WorklistItem,
    read_worklist_file,
    verify_all,
)
from console.desk.worklist_consume import (
    BulkPlan,
    BulkProgress,
    consume_rows,
    plan_bulk,
    record_bulk_cancelled,
    record_skipped,
)
from console.desk.worklist_export import (
    VERDICT_LABELS,
    ExportRow,
    export_row,
    row_json,
    summary_json,
)
from console.desk.worklist_verdicts import ActKind, SessionAct, Verdict, summarise, verdict_of
from console.payments import mask_token
from console.text_safety import printable

from .common import open_desk
from .exit_codes import ExitCode
from .json_output import environment_json
from .outcome_codes import exit_code_for_consume, exit_code_for_failure
from .output import Output

_SEVERITY = (
    ExitCode.NETWORK,
    ExitCode.UNAVAILABLE,
    ExitCode.REFUSED,
    ExitCode.API_ERROR,
    ExitCode.USAGE,
)
"""Which problem the exit code names when a run had several: an unknown consume first (money
in doubt), a history that refuses write-ahead, a refusal, an error code, then bad lines."""


async def run_worklist(args: argparse.Namespace, output: Output) -> int:
    path = Path(args.file).expanduser()
    try:
        parsed = read_worklist_file(path)
    except WorklistFileError as error:
        output.note(f"nowgg-console: worklist: {error}")
        return ExitCode.USAGE
    for note in parsed.notes:
        output.note(f"nowgg-console: {printable(str(path))}: {note}")
    if not parsed.items:
        output.note(f"nowgg-console: worklist: no usable token in {printable(str(path))}")
        return ExitCode.USAGE
    items = list(parsed.items)
    async with open_desk(args, output) as (_, desk):
        outcomes: list[LookupOutcome | None] = list(await verify_all(desk, items, note=args.note))
        acts: list[SessionAct | None] = [None] * len(items)
        consent: str | None = None
        progress: BulkProgress | None = None
        plan: BulkPlan | None = None
        if args.consume_paid:
            chosen = [
                index
                for index, item in enumerate(items)
                if verdict_of(item, outcomes[index]) is Verdict.PAID_NOT_CONSUMED
            ]
            plan = plan_bulk(desk.environment, items, outcomes, chosen, desk.write_ahead)
            if plan.to_consume:
                consent = _consent(args, plan, desk, output)
            if consent is None:
                # The rows this command itself will not send are refusals, on record as any
                # is — once the rest were confirmed (a no records a cancellation instead).
                await record_skipped(desk, plan, items, outcomes, note=args.note)
                if plan.to_consume:
                    progress = await _consume(desk, items, plan, outcomes, acts, args.note)
            else:
                await _record_declined(desk, items, plan, outcomes, consent, args.note)
    rows = [export_row(item, outcomes[i], acts[i]) for i, item in enumerate(items)]
    code = _exit_code(parsed, outcomes, progress, consent, plan)
    if args.json:
        output.json(_json(desk, path, parsed, rows, items, outcomes, progress, consent, code))
    else:
        output.lines(_lines(rows, items, outcomes, progress, consent, output))
    return code


_CANCELLED = "cancelled; nothing was consumed"


def _consent(args: argparse.Namespace, plan: BulkPlan, desk: Desk, output: Output) -> str | None:
    """None when the consumes may go ahead; else why not (nothing is sent then)."""
    if args.yes:
        return None
    if not sys.stdin.isatty():
        return "there is no terminal to confirm on; pass --yes to consume without asking (CI)"
    environment = desk.environment
    count = len(plan.to_consume)
    production = "  (PRODUCTION)" if environment.production else ""
    lines = [
        f"About to consume {count} purchase{'s' if count != 1 else ''}, each verified first:",
        f"  environment  {printable(environment.name)}{production}",
        f"  host         {printable(desk.host)}",
    ]
    output.err.write("\n".join(lines) + "\n")
    output.err.flush()
    if environment.production:
        prompt = (
            "This is PRODUCTION. Type the number of purchases to consume them "
            "(anything else cancels): "
        )
        expected = {str(count)}
    else:
        prompt = f"Consume {count} purchase{'s' if count != 1 else ''}? [y/N] "
        expected = {"y", "yes"}
    output.err.write(prompt)
    output.err.flush()
    try:
        answer = sys.stdin.readline().strip().lower()
    except KeyboardInterrupt:
        answer = ""
    return None if answer in expected else _CANCELLED


async def _record_declined(
    desk: Desk,
    items: list[WorklistItem],
    plan: BulkPlan,
    outcomes: list[LookupOutcome | None],
    consent: str,
    note: str | None,
) -> None:
    """Nothing was sent: a no at the prompt is a cancellation of every chosen row, no
    terminal to ask on (and no `--yes`) a refusal of each — each row on record once, with its
    target (and, for a row the guards would have skipped, why)."""
    if consent == _CANCELLED:
        await record_bulk_cancelled(
            desk, plan, items, outcomes, note=note or "cancelled at the confirmation"
        )
        return
    refusal = Refusal(RefusalReason.NOT_CONFIRMED, consent, False)
    unconfirmed = tuple((index, refusal) for index in plan.to_consume)
    refused = BulkPlan(plan.environment, (), (), (*plan.refusals, *unconfirmed))
    await record_skipped(desk, refused, items, outcomes, note=note)


async def _consume(
    desk: Desk,
    items: list[WorklistItem],
    plan: BulkPlan,
    outcomes: list[LookupOutcome | None],
    acts: list[SessionAct | None],
    note: str | None,
) -> BulkProgress:
    progress = await consume_rows(
        desk, [(index, items[index]) for index in plan.to_consume], note=note
    )
    for row in progress.rows:
        acts[row.index] = row.act
        shown = outcomes[row.index]
        if row.lookup is not None and (shown is None or row.lookup.at >= shown.at):
            outcomes[row.index] = row.lookup
    return progress


def _exit_code(
    parsed: ParsedWorklist,
    outcomes: list[LookupOutcome | None],
    progress: BulkProgress | None,
    consent: str | None,
    plan: BulkPlan | None,
) -> int:
    found: set[ExitCode] = set()
    if parsed.bad_lines:
        found.add(ExitCode.USAGE)
    for outcome in outcomes:
        if outcome is not None and outcome.failure is not None:
            found.add(exit_code_for_failure(outcome.failure))
    if consent is not None:
        found.add(ExitCode.REFUSED)
    if plan is not None and plan.skipped:
        found.add(ExitCode.REFUSED)  # e.g. read-only: a paid row asked for was not consumed
    if progress is not None:
        for row in progress.rows:
            if row.consume is not None:  # sent (or refused by the write-ahead): as `consume`
                found.add(exit_code_for_consume(row.consume))
            elif row.act.kind is not ActKind.CONSUMED:
                history = "history" in row.act.detail
                found.add(ExitCode.UNAVAILABLE if history else ExitCode.REFUSED)
    for code in _SEVERITY:
        if code in found:
            return code
    return ExitCode.OK


def _lines(
    rows: list[ExportRow],
    items: list[WorklistItem],
    outcomes: list[LookupOutcome | None],
    progress: BulkProgress | None,
    consent: str | None,
    output: Output,
) -> list[str]:
    style = output.style
    lines = []
    for row in rows:
        words = VERDICT_LABELS[row.verdict]
        tone = {
            Verdict.PAID_NOT_CONSUMED: "warn",
            Verdict.CONSUMED: "good",
            Verdict.ERROR: "bad",
            Verdict.UNPAID: "bad",
            Verdict.FAILED: "bad",
        }.get(row.verdict, "dim")
        cells = [
            f"{row.line:>5}",
            f"{printable(mask_token(row.token)):<22}",
            f"{row.store:<8}",
            style.paint(f"{words:<28}", tone),
            f"{printable(row.amount):<12}",
            printable(row.order_id or row.error),
        ]
        if row.test_order:
            cells.append("TEST")
        if row.session:
            cells.append(style.paint(printable(row.session), "bold"))
        lines.append("  ".join(cells))
    lines += ["", summarise(items, outcomes).words()]
    if progress is not None:
        lines.append(f"Consume: {progress.words()}")
    if consent is not None:
        lines.append(style.paint(f"Refused: {consent}", "bad"))
    return lines


def _json(
    desk: Desk,
    path: Path,
    parsed: ParsedWorklist,
    rows: list[ExportRow],
    items: list[WorklistItem],
    outcomes: list[LookupOutcome | None],
    progress: BulkProgress | None,
    consent: str | None,
    code: int,
) -> dict[str, object]:
    return {
        "ok": code == ExitCode.OK,
        "exitCode": int(code),
        "environment": environment_json(desk.environment, desk.host),
        "file": str(path),
        "notices": parsed.notes,
        "summary": summary_json(summarise(items, outcomes)),
        "rows": [row_json(row) for row in rows],
        "consume": None
        if progress is None
        else {
            "total": progress.total,
            "consumed": progress.done,
            "skipped": progress.skipped,
            "failed": progress.failed,
            "unknown": progress.unknown,
            "historyEntries": [
                row.act.history_entry for row in progress.rows if row.act.history_entry
            ],
        },
        "refusal": consent,
    }
