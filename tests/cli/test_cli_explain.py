"""`explain` of a code nobody documented: said plainly, with the nearest known codes, exit 2."""

from __future__ import annotations

from tests.cli.cli_runner import CliRunner


def test_an_unknown_code_is_said_with_the_nearest_known_ones(cli: CliRunner) -> None:
    run = cli("explain", "9999")
    assert run.code == 2
    assert "9999 is not a documented code" in run.out
    assert "The nearest documented codes:" in run.out
    assert "5015" in run.out


def test_a_typo_of_a_known_code_points_to_it(cli: CliRunner) -> None:
    run = cli("explain", "3091", "--json")  # 3901, two digits swapped
    assert run.code == 2
    body = run.json()
    assert isinstance(body, dict) and body["known"] is False
    nearest = [entry["code"] for entry in body["nearest"]]
    assert 3901 in nearest


def test_a_known_code_still_exits_0(cli: CliRunner) -> None:
    run = cli("explain", "3901")
    assert run.code == 0
    assert "INVALID_PURCHASE_TOKEN" in run.out
