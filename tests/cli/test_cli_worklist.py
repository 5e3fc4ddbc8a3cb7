"""`nowgg-console worklist FILE`, a separate process against the loopback sandbox: the rows,
the JSON, the exit codes, and `--consume-paid` behind its confirmation."""

from __future__ import annotations

from pathlib import Path

from console.history import Action, HistoryFilter, HistoryStore
from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner

CLEAN = "sbx-paid-unconsumed-0001\nsbx-unpaid-0003\n# a comment\nsbx-test-order-0005\n"


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "tokens.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _consumed(sandbox: SandboxServer, token: str) -> bool:
    order = sandbox.state.get(token)
    assert order is not None
    return order.data["consumptionState"] == 1


def test_verifying_a_clean_list_exits_0_with_a_row_each(
    served_cli: CliRunner, tmp_path: Path
) -> None:
    run = served_cli("worklist", _file(tmp_path, CLEAN))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert "paid & not consumed" in lines[0] and "0.99 USD" in lines[0]
    assert "unpaid" in lines[1] and "TEST" in lines[2]
    assert "3 rows: 2 paid & not consumed · 1 unpaid · 1 test order" in run.out


def test_json_rows_and_an_error_row_exit_1(served_cli: CliRunner, tmp_path: Path) -> None:
    run = served_cli("worklist", _file(tmp_path, CLEAN + "no-such-token-0000\n"), "--json")
    assert run.code == 1
    document = run.json()
    assert isinstance(document, dict)
    assert document["ok"] is False and document["exitCode"] == 1
    rows = document["rows"]
    assert [row["verdictCode"] for row in rows] == ["paid", "unpaid", "paid", "error"]
    assert rows[3]["error"] == "3901 · INVALID_PURCHASE_TOKEN" and rows[3]["line"] == 5
    assert document["summary"]["paid"] == 2 and document["summary"]["total"] == 4
    # One category per row and per error, as every output names it (issue 9).
    assert [row["category"] for row in rows] == ["ok", "ok", "ok", "api"]
    assert document["summary"]["errorsByCategory"] == {"api": 1}
    assert document["consume"] is None


def test_bad_lines_exit_2_after_verifying_the_rest(served_cli: CliRunner, tmp_path: Path) -> None:
    run = served_cli("worklist", _file(tmp_path, "sbx-unpaid-0003\nsbx bad line here\n"))
    assert run.code == 2
    assert "line 2:" in run.err
    assert "unpaid" in run.out


def test_a_missing_or_empty_file_argument_is_a_usage_error(
    served_cli: CliRunner, tmp_path: Path
) -> None:
    assert served_cli("worklist", str(tmp_path / "nope.txt")).code == 2
    empty = served_cli("worklist", "")
    assert empty.code == 2 and "tokens file is empty" in empty.err


def test_consume_paid_without_a_terminal_or_yes_consumes_nothing(
    served_cli: CliRunner, tmp_path: Path, sandbox: SandboxServer
) -> None:
    run = served_cli("worklist", _file(tmp_path, CLEAN), "--consume-paid")
    assert run.code == 4
    assert "--yes" in run.out
    assert not _consumed(sandbox, "sbx-paid-unconsumed-0001")
    # Each paid row it did not send is on record once, refused (no confirmation possible).
    history = tmp_path / "data" / "nowgg-console" / "history.sqlite3"
    with HistoryStore(history) as store:
        consumes = store.search(HistoryFilter(action=Action.CONSUME))
    assert sorted((entry.token, entry.outcome.value) for entry in consumes) == [
        ("sbx-paid-unconsumed-0001", "refused"),
        ("sbx-test-order-0005", "refused"),
    ]


def test_consume_paid_with_yes_consumes_each_paid_row_written_ahead(
    served_cli: CliRunner, tmp_path: Path, sandbox: SandboxServer
) -> None:
    text = CLEAN + "sbx-paid-consumed-0002\nsbx-amazon-0008,amazon,com.example.coins.1000,USD\n"
    run = served_cli("worklist", _file(tmp_path, text), "--consume-paid", "--yes", "--json")
    assert run.code == 0, run.err
    document = run.json()
    assert isinstance(document, dict)
    consume = document["consume"]
    assert consume["consumed"] == 2 and consume["total"] == 2
    assert len(consume["historyEntries"]) == 2
    rows = document["rows"]
    assert rows[0]["consumed"].startswith("consumed here at ")
    assert rows[3]["consumed"] == "already consumed"
    assert rows[4]["verdictCode"] == "client"  # Amazon: left to the game client
    assert _consumed(sandbox, "sbx-paid-unconsumed-0001")
    assert _consumed(sandbox, "sbx-test-order-0005")
    history = tmp_path / "data" / "nowgg-console" / "history.sqlite3"
    with HistoryStore(history) as store:
        consumes = store.search(HistoryFilter(action=Action.CONSUME))
    assert sorted(entry.token for entry in consumes) == [
        "sbx-paid-unconsumed-0001",
        "sbx-test-order-0005",
    ]

    again = served_cli("worklist", _file(tmp_path, text), "--consume-paid", "--yes")
    assert again.code == 0  # nothing left to consume: every row ended as asked
    assert "consumed here" not in again.out


def test_a_consume_whose_outcome_is_unknown_exits_3(served_cli: CliRunner, tmp_path: Path) -> None:
    run = served_cli(
        "worklist",
        _file(tmp_path, "sbx-fault-consume-never-applied\n"),
        "--consume-paid",
        "--yes",
        "--timeout",
        "1",
        "--json",
    )
    document = run.json()
    assert isinstance(document, dict)
    # Sent, its reply lost, found not consumed: as `consume` says it, exit 3.
    assert document["consume"]["failed"] == 1
    assert run.code == 3
    assert document["rows"][0]["thisSession"].startswith("consume failed: ")
