"""`[ui]` values written by the TUI (its theme): same safe path as every config change."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from console.settings.config import load_settings
from console.settings.config_edit import set_ui_value
from console.settings.config_problems import ConfigFileBroken


def test_setting_the_theme_keeps_the_rest_and_backs_up_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# mine\n[environments.qa]\nbase_url = "http://127.0.0.1:1/"\n[ui]\nother = 1\n',
        encoding="utf-8",
    )
    result = set_ui_value(path, "theme", "nowgg-light")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["ui"] == {"other": 1, "theme": "nowgg-light"}
    assert "qa" in document["environments"]
    assert result.backup is not None and "# mine" in result.backup.read_text(encoding="utf-8")
    assert load_settings(path).preserved["ui"]["theme"] == "nowgg-light"


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    set_ui_value(path, "theme", "nowgg-dark")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"ui": {"theme": "nowgg-dark"}}


def test_a_broken_file_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui\n", encoding="utf-8")
    with pytest.raises(ConfigFileBroken):
        set_ui_value(path, "theme", "nowgg-dark")
    assert path.read_text(encoding="utf-8") == "[ui\n"


def test_a_theme_that_is_not_a_string_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui]\ntheme = 3\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.ignored
    assert any(problem.key == "ui.theme" for problem in settings.problems)
