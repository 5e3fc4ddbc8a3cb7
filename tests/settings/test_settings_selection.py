"""Choosing this run's environment: --env, then NOWGG_CONSOLE_ENV, then the file's default."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.settings.config import load_settings
from console.settings.selection import BlankEnvironment, UnknownEnvironment, choose_environment


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        'default_environment = "staging"\n'
        '[environments.staging]\nbase_url = "https://staging.example.com/"\n'
        '[environments.qa]\nbase_url = "https://qa.example.com/"\n',
        encoding="utf-8",
    )
    return path


def test_flag_beats_variable_beats_default(config: Path) -> None:
    settings = load_settings(config)
    assert choose_environment(settings, None, {}).name == "staging"
    assert choose_environment(settings, None, {"NOWGG_CONSOLE_ENV": "qa"}).name == "qa"
    chosen = choose_environment(settings, "production", {"NOWGG_CONSOLE_ENV": "qa"})
    assert chosen.name == "production" and chosen.production


def test_an_empty_variable_is_unset_but_an_empty_flag_is_refused(config: Path) -> None:
    settings = load_settings(config)
    # `NOWGG_CONSOLE_ENV= nowgg-console …` is how a shell unsets it for one command.
    assert choose_environment(settings, None, {"NOWGG_CONSOLE_ENV": ""}).name == "staging"
    # `--env "$TARGET"` with TARGET unset must not act on the default (maybe production).
    for flag in ("", "  "):
        with pytest.raises(BlankEnvironment, match=r"--env is empty: name an environment"):
            choose_environment(settings, flag, {"NOWGG_CONSOLE_ENV": "qa"})
    # Blanks are no shell convention for "unset": refused too, never read as the default.
    with pytest.raises(BlankEnvironment, match=r"NOWGG_CONSOLE_ENV is empty"):
        choose_environment(settings, None, {"NOWGG_CONSOLE_ENV": " \t"})


def test_an_unknown_name_lists_the_known_ones_and_its_origin(config: Path) -> None:
    settings = load_settings(config)
    with pytest.raises(UnknownEnvironment) as raised:
        choose_environment(settings, None, {"NOWGG_CONSOLE_ENV": "stagin"})
    message = str(raised.value)
    assert "'stagin'" in message and "NOWGG_CONSOLE_ENV" in message
    assert "sandbox, production, production-cn, staging, qa" in message


def test_an_unknown_name_says_when_the_file_was_ignored(config: Path) -> None:
    config.write_text(config.read_text() + "oops = 1\n", encoding="utf-8")
    settings = load_settings(config)
    # The file's default is gone with the file: the sandbox, not a surprise environment.
    assert choose_environment(settings, None, {}).name == "sandbox"
    with pytest.raises(UnknownEnvironment, match="was ignored because of its problems"):
        choose_environment(settings, "staging", {})


def test_without_a_file_the_message_says_how_to_add_one(tmp_path: Path) -> None:
    with pytest.raises(UnknownEnvironment, match="env add staging --base-url"):
        choose_environment(load_settings(tmp_path / "none.toml"), "staging", {})
