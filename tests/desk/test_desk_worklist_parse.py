"""Parsing pasted text and tokens files into worklist items."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from console.desk.worklist import (
    BadLine,
    DuplicateLine,
    WorklistFileError,
    WorklistItem,
    WorklistReader,
    parse_worklist,
    read_worklist_file,
)


def test_one_token_per_line_skipping_blanks_and_comments() -> None:
    parsed = parse_worklist(
        "# QA session 14\n\nsbx-paid-unconsumed-0001\n   \n  sbx-unpaid-0003  \n# end\n"
    )
    assert parsed.items == (
        WorklistItem(3, "sbx-paid-unconsumed-0001"),
        WorklistItem(5, "sbx-unpaid-0003"),
    )
    assert parsed.bad_lines == () and parsed.duplicates == () and parsed.notes == []


def test_a_comment_after_a_token_is_skipped_but_a_hash_inside_a_token_is_kept() -> None:
    parsed = parse_worklist("sbx-0001   # refund case\nabc#123\n")
    assert [item.token for item in parsed.items] == ["sbx-0001", "abc#123"]


def test_multi_store_fields_as_csv_or_whitespace() -> None:
    parsed = parse_worklist(
        "sbx-xiaomi-0006,xiaomi,com.example.gems.500,INR\n"
        "sbx-onestore-0007  ONESTORE  gems_1200  KRW\n"
        '"sbx-amazon-0008","amazon","com.example.coins.1000","USD"\n'
        "sbx-paid-unconsumed-0001,nowgg,,\n"
    )
    assert parsed.items == (
        WorklistItem(1, "sbx-xiaomi-0006", "xiaomi", "com.example.gems.500", "INR"),
        WorklistItem(2, "sbx-onestore-0007", "onestore", "gems_1200", "KRW"),
        WorklistItem(3, "sbx-amazon-0008", "amazon", "com.example.coins.1000", "USD"),
        WorklistItem(4, "sbx-paid-unconsumed-0001", "nowgg"),
    )
    assert parsed.bad_lines == ()


def test_a_csv_header_row_is_skipped() -> None:
    parsed = parse_worklist("token,store,productId,currency\nsbx-0001,nowgg,,\n")
    assert [item.token for item in parsed.items] == ["sbx-0001"]
    assert parsed.bad_lines == ()


def test_duplicates_are_dropped_with_a_note_naming_both_lines() -> None:
    parsed = parse_worklist("sbx-a\nsbx-b\n\nsbx-a\nsbx-b,nowgg,,\n")
    assert [item.token for item in parsed.items] == ["sbx-a", "sbx-b"]
    assert parsed.duplicates == (DuplicateLine(4, 1, "sbx-a"), DuplicateLine(5, 2, "sbx-b"))
    assert parsed.notes == [
        "line 4: duplicate of line 1, dropped",
        "line 5: duplicate of line 2, dropped",
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param(
            "sbx\u200b-0001", "invisible character (U+200B ZERO WIDTH SPACE)", id="zero-width-space"
        ),
        pytest.param("sbx-0001,steam,,", "unknown store 'steam'", id="unknown-store"),
        pytest.param(
            "sbx-0001 steam",
            "if the line is one token, it has a space inside",
            id="space-inside-token",
        ),
        pytest.param(
            "sbx-0006,xiaomi,,",
            "needs its product id and currency",
            id="multi-store-without-fields",
        ),
        pytest.param("a,b,c,d,e", "5 fields", id="too-many-fields"),
        pytest.param(",nowgg,,", "the purchase token is empty", id="empty-token"),
    ],
)
def test_each_bad_line_is_reported_with_its_number(line: str, reason: str) -> None:
    parsed = parse_worklist(f"sbx-good-0001\n{line}\nsbx-good-0002\n")
    assert [item.line for item in parsed.items] == [1, 3]
    assert len(parsed.bad_lines) == 1
    bad = parsed.bad_lines[0]
    assert bad.line == 2
    assert reason in bad.reason
    assert parsed.notes == [str(bad)]
    assert str(bad).startswith("line 2: ")


def test_notes_come_in_line_order_and_long_lines_are_shortened() -> None:
    long_line = "x" * 30 + " " + "y" * 60
    parsed = parse_worklist(f"sbx-a\nsbx-a\n{long_line}\n")
    assert [note.split(":")[0] for note in parsed.notes] == ["line 2", "line 3"]
    bad: BadLine = parsed.bad_lines[0]
    assert len(bad.excerpt) == 40 and bad.excerpt.endswith("…")


def test_a_tokens_file_with_a_bom_reads_like_pasted_text(tmp_path: Path) -> None:
    path = tmp_path / "tokens.txt"
    path.write_bytes("\ufeffsbx-0001\r\nsbx-0002\r\n".encode())
    parsed = read_worklist_file(path)
    assert [item.token for item in parsed.items] == ["sbx-0001", "sbx-0002"]


def test_unreadable_tokens_files_say_why(tmp_path: Path) -> None:
    with pytest.raises(WorklistFileError, match="no tokens file at"):
        read_worklist_file(tmp_path / "missing.txt")
    binary = tmp_path / "tokens.bin"
    binary.write_bytes(b"sbx-0001\n\xff\xfe\x00")
    with pytest.raises(WorklistFileError, match="not UTF-8"):
        read_worklist_file(binary)
    with pytest.raises(WorklistFileError, match="cannot read"):
        read_worklist_file(tmp_path)


def test_a_named_pipe_or_a_device_as_tokens_file_is_refused_not_waited_on(
    tmp_path: Path,
) -> None:
    # `--tokens` used to block forever on a named pipe and read /dev/zero until memory ran out.
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are a POSIX thing")
    pipe = tmp_path / "tokens.fifo"
    os.mkfifo(pipe)
    paths = [pipe, *(path for path in [Path("/dev/zero")] if path.exists())]
    refusals: list[str] = []

    def read_all() -> None:
        for path in paths:
            with pytest.raises(WorklistFileError) as raised:
                read_worklist_file(path)
            refusals.append(str(raised.value))

    # A thread and a generous deadline: a reader that blocks fails the test, not the run.
    worker = threading.Thread(target=read_all, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "reading the tokens file blocked"
    assert "it is a named pipe, not a regular file" in refusals[0]
    assert all("it is a device" in refusal for refusal in refusals[1:])
    assert len(refusals) == len(paths)


def test_lines_copied_from_a_reply_or_a_log_give_their_tokens() -> None:
    parsed = parse_worklist(
        '  "purchaseToken": "sbx-paid-unconsumed-0001",\n'
        "purchaseToken=sbx-unpaid-0003\n"
        '"sbx-failed-0004".\n'
    )
    assert [item.token for item in parsed.items] == [
        "sbx-paid-unconsumed-0001",
        "sbx-unpaid-0003",
        "sbx-failed-0004",
    ]
    assert parsed.bad_lines == ()


def test_a_list_read_a_slice_at_a_time_reads_as_a_whole() -> None:
    # A header, comments, a bad line, duplicates on both sides of a slice's edge: the numbers,
    # notes and items are those of one reading.
    lines = [
        "token,store,productId,currency",
        "sbx-paid-unconsumed-0001,nowgg,gems,USD",
        "# a comment",
        "sbx-bad token here",
        "sbx-unpaid-0003",
        "",
        "sbx-paid-unconsumed-0001",
        "sbx-failed-0004  # refund case",
        "sbx-unpaid-0003",
    ]
    whole = parse_worklist("\n".join(lines))
    for size in (1, 2, 3, 4):
        reader = WorklistReader()
        for start in range(0, len(lines), size):
            reader.feed(lines[start : start + size])
        assert reader.result() == whole, size
    assert [item.line for item in whole.items] == [2, 5, 8]
    assert [duplicate.line for duplicate in whole.duplicates] == [7, 9]
    assert [bad.line for bad in whole.bad_lines] == [4]
