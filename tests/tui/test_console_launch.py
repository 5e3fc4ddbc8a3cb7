"""Opening the console from the command line: not without a terminal, a clear usage error for
an unknown environment or a missing tokens file (before any screen is drawn)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from console.cli.main import main
from console.tui.launch import LaunchRefused, launch, start_request


def test_without_a_terminal_it_says_so_and_points_to_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 2  # pytest's stdout is not a terminal
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "--help" in err
    assert len(err.strip().splitlines()) == 1


def test_an_unknown_environment_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOWGG_CONSOLE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NOWGG_CONSOLE_DATA", str(tmp_path / "data"))
    with pytest.raises(LaunchRefused, match=r"unknown environment 'nope'.*known: sandbox"):
        launch("nope", None, None)
    # Collections, held until a first frame that never came, are on again.
    assert gc.isenabled()


def test_a_missing_tokens_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(LaunchRefused, match="--tokens: no tokens file at"):
        start_request(None, str(tmp_path / "missing.txt"))


def test_the_command_line_reports_a_refused_launch_as_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # found before any screen
    assert main(["--tokens", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nowgg-console: --tokens: no tokens file at")


def test_a_tokens_file_opens_the_worklist(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(
        "sbx-paid-unconsumed-0001\nsbx-xiaomi-0006,xiaomi,com.example.gems.500,INR\n"
        "sbx-paid-unconsumed-0001\n",
        encoding="utf-8",
    )
    start = start_request(None, str(tokens))
    assert start.worklist_text == (
        "sbx-paid-unconsumed-0001\nsbx-xiaomi-0006,xiaomi,com.example.gems.500,INR"
    )
    assert any("duplicate" in note for note in start.worklist_notes)


def test_commands_reject_the_console_options_in_front(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--token", "x", "verify", "y"]) == 2
    assert "are for opening the console" in capsys.readouterr().err
