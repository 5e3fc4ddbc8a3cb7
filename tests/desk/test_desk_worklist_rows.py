"""A worklist's rows without a screen, against the loopback sandbox: verdicts and the summary,
the filter's words, the bulk consume's plan and its stop, and the exports' escaping."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from console.desk import Desk, LookupOutcome
from console.desk.worklist import WorklistItem, parse_worklist, verify_all
from console.desk.worklist_consume import consume_rows, plan_bulk, typed_count
from console.desk.worklist_export import export_row, to_csv, to_json, to_markdown
from console.desk.worklist_filter import parse_filter
from console.desk.worklist_verdicts import ActKind, Verdict, error_code, summarise, verdict_of
from console.outcome_category import OutcomeCategory
from console.sandbox.server import SandboxServer

LIST = """\
sbx-paid-unconsumed-0001
sbx-paid-consumed-0002
sbx-unpaid-0003
sbx-failed-0004
sbx-test-order-0005
sbx-huawei-0009,huawei,coins_1000,EUR
no-such-token-0000
"""


async def _verified(
    desk: Desk, text: str = LIST
) -> tuple[list[WorklistItem], list[LookupOutcome | None]]:
    items = list(parse_worklist(text).items)
    outcomes: list[LookupOutcome | None] = list(await verify_all(desk, items))
    return items, outcomes


async def test_verdicts_and_the_summary_line(qa_desk: Desk) -> None:
    items, outcomes = await _verified(qa_desk)
    verdicts = [verdict_of(item, outcome) for item, outcome in zip(items, outcomes, strict=True)]
    assert verdicts == [
        Verdict.PAID_NOT_CONSUMED,
        Verdict.CONSUMED,
        Verdict.UNPAID,
        Verdict.FAILED,
        Verdict.PAID_NOT_CONSUMED,
        Verdict.CLIENT_CONSUMED,
        Verdict.ERROR,
    ]
    outcomes[0] = None  # one still pending
    assert summarise(items, outcomes).words() == (
        "7 rows: 1 paid & not consumed · 1 consumed · 1 unpaid · 1 failed · "
        "1 consumed on the client · 1 errors · 1 pending · 1 test order"
    )
    # The error rows read the one outcome category (issue 9), as filters and exports do.
    assert summarise(items, outcomes).errors == {OutcomeCategory.API: 1}
    unknown = outcomes[6]
    assert unknown is not None and unknown.failure is not None
    assert error_code(unknown) == "3901"
    timed_out = replace(
        unknown,
        failure=replace(unknown.failure, api_code=None, category=OutcomeCategory.TIMEOUT),
    )
    assert error_code(timed_out) == "timeout"
    assert verdict_of(items[6], timed_out) is Verdict.ERROR
    assert export_row(items[6], timed_out, None).category is OutcomeCategory.TIMEOUT


def test_filter_words_and_what_is_not_understood() -> None:
    row_filter = parse_filter("paid STORE:Xiaomi test:no error:3901 gpa.12")
    assert row_filter.verdicts == {Verdict.PAID_NOT_CONSUMED}
    assert row_filter.stores == {"xiaomi"}
    assert row_filter.test is False
    assert row_filter.error_codes == {"3901"}
    assert row_filter.texts == ("gpa.12",)
    assert row_filter.problems == ()
    wrong = parse_filter("store:steam is:maybe")
    assert len(wrong.problems) == 2 and "stores: nowgg" in wrong.problems[0]
    assert not wrong.active
    assert not parse_filter("   ").active


async def test_the_plan_skips_rows_with_their_reasons_and_the_run_consumes_the_rest(
    qa_desk: Desk, sandbox: SandboxServer
) -> None:
    items, outcomes = await _verified(qa_desk)
    plan = plan_bulk(qa_desk.environment, items, outcomes, range(len(items)), qa_desk.write_ahead)
    assert plan.to_consume == (0, 4)
    assert dict(plan.skipped) == {
        1: "already consumed",
        2: "unpaid",
        3: "payment failed",
        5: "consumed on the client (store)",
        6: "lookup failed",
    }
    assert typed_count(plan) is None
    assert typed_count(replace(plan, environment=replace(plan.environment, production=True))) == "2"

    asked: list[int] = []

    def stop_after_first() -> bool:
        asked.append(len(asked))
        return len(asked) > 2  # before row 1, before its consume; then stop

    progress = await consume_rows(
        qa_desk, [(index, items[index]) for index in plan.to_consume], should_stop=stop_after_first
    )
    assert progress.stopped and (progress.done, progress.skipped) == (1, 1)
    assert progress.rows[0].act.kind is ActKind.CONSUMED
    assert progress.rows[1].act.words() == "skipped: stopped before its turn"
    order = sandbox.state.get("sbx-test-order-0005")
    assert order is not None and order.data["consumptionState"] == 0


async def test_exports_escape_hostile_text_and_read_back(qa_desk: Desk) -> None:
    items, outcomes = await _verified(qa_desk, "sbx-paid-unconsumed-0001\n")
    outcome = outcomes[0]
    assert outcome is not None and outcome.decoded is not None
    hostile = "A|B`\x1b[31m\nline"
    purchase = replace(outcome.decoded.purchase, order_id=hostile)
    outcome = replace(outcome, decoded=replace(outcome.decoded, purchase=purchase))
    row = export_row(items[0], outcome, None)

    markdown = to_markdown([row])
    table_line = markdown.splitlines()[-1]
    # Escaped for a terminal, then for Markdown: the reader sees `A|B`\x1b[31m\nline`.
    assert "A\\|B\\`\\\\x1b[31m\\\\nline" in table_line and "\x1b" not in markdown
    assert table_line.count(" | ") == 8  # nine cells: the pipe did not add one

    (parsed,) = list(csv.DictReader(io.StringIO(to_csv([row]))))
    assert parsed["orderId"] == "A|B`\\x1b[31m\\nline"
    assert json.loads(to_json([row]))["rows"][0]["orderId"] == hostile


def test_an_export_file_is_new_and_private(tmp_path: Path) -> None:
    from console.desk.worklist_export import write_new_export

    first = write_new_export("a", tmp_path / "exports", "csv")
    second = write_new_export("b", tmp_path / "exports", "csv")
    assert first != second and first.read_text() == "a"
    assert oct(first.stat().st_mode & 0o777) == "0o600"
