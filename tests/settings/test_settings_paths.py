"""Where the console's files go, and the two variables that move them."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.settings import paths


def test_defaults_follow_the_platform_directories(isolated_home: Path) -> None:
    # isolated_home points XDG_CONFIG_HOME / XDG_DATA_HOME into the test's home (Linux).
    assert paths.config_path({}) == isolated_home / ".config/nowgg-console/config.toml"
    assert paths.data_dir({}) == isolated_home / ".local/share/nowgg-console"
    assert paths.themes_dir({}) == isolated_home / ".config/nowgg-console/themes"


def test_variables_override_and_themes_follow_the_config_file(tmp_path: Path) -> None:
    environ = {
        "NOWGG_CONSOLE_CONFIG": str(tmp_path / "elsewhere" / "mine.toml"),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
    }
    assert paths.config_path(environ) == tmp_path / "elsewhere" / "mine.toml"
    assert paths.config_dir(environ) == tmp_path / "elsewhere"
    assert paths.themes_dir(environ) == tmp_path / "elsewhere" / "themes"
    assert paths.data_dir(environ) == tmp_path / "data"


def test_relative_and_home_paths_become_absolute(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.config_path({"NOWGG_CONSOLE_CONFIG": "c.toml"}) == tmp_path / "c.toml"
    assert paths.data_dir({"NOWGG_CONSOLE_DATA": "~/d"}) == isolated_home / "d"


def test_an_empty_variable_counts_as_unset(isolated_home: Path) -> None:
    assert paths.config_path({"NOWGG_CONSOLE_CONFIG": " "}) == paths.config_path({})


def test_asking_for_a_path_creates_nothing(isolated_home: Path) -> None:
    paths.config_path()
    paths.data_dir()
    paths.themes_dir()
    assert list(isolated_home.iterdir()) == []
