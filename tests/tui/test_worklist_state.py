"""The worklist's state without a screen: the summary kept as answers land says what counting
every row again would say, through answers that change a row's verdict; the filter over the
rows' facts keeps what the filter over their lookups keeps."""

from __future__ import annotations

from pathlib import Path

from console.desk.worklist import parse_worklist, verify_all
from console.desk.worklist_filter import parse_filter
from console.desk.worklist_verdicts import Verdict, summarise
from console.sandbox.server import SandboxServer
from console.tui.widgets.worklist_state import WorklistState
from tests.tui.lists_harness import qa_desk, qa_workspace

LIST = """\
sbx-paid-unconsumed-0001
sbx-paid-consumed-0002
sbx-unpaid-0003
sbx-failed-0004
sbx-test-order-0005
sbx-huawei-0009,huawei,coins_1000,EUR
no-such-token-0000
"""


async def test_the_kept_summary_and_filter_agree_with_counting_every_row_again(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    parsed = parse_worklist(LIST)
    async with qa_workspace(tmp_path, sandbox) as workspace:
        desk = qa_desk(workspace)()
        first = await verify_all(desk, parsed.items)
        sandbox.state.consume("sbx-paid-unconsumed-0001")  # its verdict changes on re-verify
        (again,) = await verify_all(desk, parsed.items[:1])
    state = WorklistState()
    state.start(parsed, "qa")
    assert state.summary().verdicts == {Verdict.PENDING: 7}
    for index in (6, 0, 2, 5, 1, 4, 3):  # answers land in any order
        assert state.set_row(index, first[index])
        assert state.summary() == summarise(state.items, state.outcomes)
    assert state.summary().verdicts[Verdict.PAID_NOT_CONSUMED] == 2
    assert state.set_row(0, again)
    summary = state.summary()
    assert summary == summarise(state.items, state.outcomes)
    assert summary.verdicts[Verdict.PAID_NOT_CONSUMED] == 1
    assert summary.verdicts[Verdict.CONSUMED] == 2
    assert not state.set_row(0, first[0])  # an older answer never replaces a newer one
    # The filter chooses the rows condition by condition (`RowFilter.select`): the same rows
    # as asking each row (`matches`), for every kind of word and for words together.
    lines = ("paid", "consumed", "error", "store:huawei", "test", "test:no", "0003")
    together = ("paid store:nowgg test:no", "unpaid failed", "sbx 000", "error:3901", "sbx qq")
    for line in lines + together:
        state.row_filter = parse_filter(line)
        expected = [
            index
            for index, item in enumerate(state.items)
            if state.row_filter.matches(item, state.outcomes[index])
        ]
        assert state.filtered() == expected, line
    state.row_filter = parse_filter("paid")
    assert state.filtered() == [4]
