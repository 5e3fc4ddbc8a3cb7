"""Exports: Markdown that renders as a table, JSON that round-trips, CSV that is safe to open."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from console.history import Action, HistoryEntry, Outcome
from console.history.export import (
    FIELDS,
    TABLE_HEADER,
    from_json,
    neutralise_formula,
    to_csv,
    to_json,
    to_markdown,
)
from tests.history.history_entries import T0, EntryFactory

HOSTILE_NOTE = "ZD-1|2 \\| pipe\nsecond line `tick` | =cmd"


@pytest.fixture
def entries(make_entry: EntryFactory) -> list[HistoryEntry]:
    return [
        make_entry(
            id=3,
            at=T0 + timedelta(minutes=2),
            action=Action.CONSUME,
            outcome=Outcome.UNKNOWN,
            code=None,
            pending=True,
            token='=HYPERLINK("http://x")',
            note=HOSTILE_NOTE,
            reply=None,
        ),
        make_entry(
            id=2,
            at=T0 + timedelta(minutes=1),
            outcome=Outcome.API,
            code=3901,
            reason="the purchase token is invalid",
            token="-nowgg-abc_def_",
            reply={"success": False, "code": 3901, "codeMsg": "```fence```"},
        ),
        make_entry(
            id=1,
            order_id="1-2022052708285322094340093",
            note="@SUM(A1)",
            product_id="gems",
            currency="KRW",
            resolution="verified: consumed",
            resolved_at=T0 + timedelta(hours=1),
            uid="0123456789abcdef0123456789abcdef",
            machine="desk-7",
            console_version="0.9.0",
        ),
    ]


def _tables(markdown: str) -> list[list[list[Token]]]:
    """Each table as rows of cells (inline tokens), parsed by a real GFM-table parser."""
    tables: list[list[list[Token]]] = []
    in_cell = False
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            tables[-1][-1].append(token)
    return tables


def _render(cell: Token) -> str:
    markdown = MarkdownIt("commonmark")
    return str(markdown.renderer.render(cell.children or [], markdown.options, {}))


def test_markdown_is_one_table_with_a_row_per_entry(entries: list[HistoryEntry]) -> None:
    markdown = to_markdown(entries)
    assert markdown.startswith("## now.gg Payments console — history\n\n3 entries, ")
    [table] = _tables(markdown)
    assert [_render(cell) for cell in table[0]] == list(TABLE_HEADER)
    assert len(table) == 1 + len(entries)
    assert all(len(row) == len(TABLE_HEADER) for row in table)
    first = [_render(cell) for cell in table[1]]
    assert first[:5] == [
        "3",
        "2024-10-30 06:10:01",
        "sandbox",
        "consume",
        "=HYPERLINK(&quot;http://x&quot;)",
    ]
    assert first[6] == "outcome unknown (unresolved)"
    assert first[7] == "ZD-1|2 \\| pipe<br>second line <code>tick</code> | =cmd"
    assert [_render(row[6]) for row in table[2:]] == ["API error 3901", "OK"]


def test_markdown_details_say_what_a_ticket_needs(entries: list[HistoryEntry]) -> None:
    markdown = to_markdown(entries)
    assert "### #3 · consume · outcome unknown" in markdown
    assert "- **Pending:** written before sending" in markdown
    assert "run `nowgg-console history resolve`" in markdown
    assert "- **Outcome:** API error 3901 — the purchase token is invalid" in markdown
    assert "- **Order ID:** `1-2022052708285322094340093`" in markdown
    assert "- **Purchase:** store nowgg, product `gems`, currency KRW" in markdown
    assert "- **Resolution:** verified: consumed (2024-10-30 07:08:01 UTC)" in markdown
    assert "  ````json" in markdown  # the reply holds ``` so the fence grows
    assert "Authorization" not in markdown  # the request is not part of a ticket
    # The hostile note cannot break out of its bullet into a heading or a new item.
    assert "- **Note:** ZD-1|2 \\| pipe second line `tick` | =cmd" in markdown


def test_markdown_of_nothing() -> None:
    assert to_markdown([]) == "## now.gg Payments console — history\n\nNo history entries.\n"


def test_json_round_trips_with_a_stable_camel_case_shape(entries: list[HistoryEntry]) -> None:
    text = to_json(entries)
    document = json.loads(text)
    assert (document["format"], document["version"]) == ("nowgg-console-history", 2)
    assert list(document["entries"][2]) == [key for key, _ in FIELDS]
    assert document["entries"][2]["orderId"] == "1-2022052708285322094340093"
    assert document["entries"][2]["at"] == "2024-10-30T06:08:01.000000Z"
    # where it came from, and its identity in every history (an import keeps it)
    assert document["entries"][2]["uid"] == "0123456789abcdef0123456789abcdef"
    assert document["entries"][2]["machine"] == "desk-7"
    assert document["entries"][2]["consoleVersion"] == "0.9.0"
    assert from_json(text) == entries
    with pytest.raises(ValueError):
        from_json('{"format": "something else"}')
    with pytest.raises(ValueError, match="entry 1"):
        from_json('{"format": "nowgg-console-history", "version": 1, "entries": [{}]}')


def test_a_version_1_export_is_read_into_the_shared_categories(
    entries: list[HistoryEntry],
) -> None:
    # Version 1 wrote "network_error" for an HTTP page and "api_error" for now.gg's codes.
    document = json.loads(to_json(entries))
    document["version"] = 1
    document["entries"][1]["outcome"] = "api_error"
    document["entries"][0].update(outcome="network_error", reason="HTTP 502 Bad Gateway")
    read = from_json(json.dumps(document))
    assert [entry.outcome for entry in read] == [Outcome.HTTP, Outcome.API, Outcome.OK]


def test_csv_has_a_header_and_one_row_per_entry(entries: list[HistoryEntry]) -> None:
    text = to_csv(entries)
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == [key for key, _ in FIELDS]
    assert len(rows) == 3
    assert rows[0]["note"] == HOSTILE_NOTE  # commas, quotes, newlines survive quoting
    assert rows[1]["code"] == "3901" and rows[1]["latencyMs"] == "12.5"
    assert rows[2]["pending"] == "false" and rows[2]["resolvedAt"] == "2024-10-30T07:08:01.000000Z"
    assert json.loads(rows[1]["reply"])["codeMsg"] == "```fence```"
    assert (rows[2]["uid"], rows[2]["machine"], rows[2]["consoleVersion"]) == (
        "0123456789abcdef0123456789abcdef",
        "desk-7",
        "0.9.0",
    )


def test_csv_neutralises_formulas_from_untrusted_cells(entries: list[HistoryEntry]) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(entries), newline="")))
    assert rows[0]["token"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["token"] == "'-nowgg-abc_def_"
    assert rows[2]["note"] == "'@SUM(A1)"
    for cell in ("+1", "-1", "=1", "@x", "\t=1", "\r=1", " =1"):
        assert neutralise_formula(cell) == "'" + cell
    assert neutralise_formula("ZD-1") == "ZD-1"


@settings(max_examples=60, deadline=None)
@given(token=st.text(min_size=1), note=st.text())
def test_any_text_keeps_the_markdown_table_and_csv_intact(token: str, note: str) -> None:
    entry = HistoryEntry(
        id=1,
        at=T0,
        operator="a",
        environment="e",
        host="h",
        action=Action.VERIFY,
        token=token,
        store="nowgg",
        note=note,
    )
    [table] = _tables(to_markdown([entry]))
    assert [len(row) for row in table] == [len(TABLE_HEADER)] * 2
    [row] = list(csv.DictReader(io.StringIO(to_csv([entry]), newline="")))
    assert row["token"] == neutralise_formula(token)
    assert row["note"] == neutralise_formula(note)
    assert from_json(to_json([entry])) == [entry]
