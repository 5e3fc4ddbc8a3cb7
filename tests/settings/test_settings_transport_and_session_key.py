"""A production key never travels in clear by accident; the verify path's spelling is a
setting; a broken file's problems carry their line; a session key lives in memory only."""

from __future__ import annotations

from pathlib import Path

from keyring.backends import fail

from console.payments import ApiKey
from console.settings.config import load_settings
from console.settings.config_edit import EnvironmentFields, edit_environment
from console.settings.environments import Environment
from console.settings.keys import KeyResolver, KeySource


def test_production_over_plain_http_to_another_machine_is_a_problem_naming_its_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# staging\n[environments.live]\nproduction = true\nbase_url = "http://pay.example.com/"\n',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    (problem,) = loaded.problems
    assert (problem.key, problem.line) == ("environments.live.base_url", 4)
    assert "clear text" in str(problem) and "allow_insecure_http" in str(problem)
    summary = loaded.ignored_summary
    assert summary is not None and "was ignored" in summary and str(path) in summary


def test_the_override_is_recorded_and_shown_on_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[environments.live]\nproduction = true\nbase_url = "http://pay.example.com/"\n'
        "allow_insecure_http = true\n"
        '[environments.lab]\nbase_url = "http://10.0.0.7:8080/"\n'
        '[environments.local]\nbase_url = "http://127.0.0.1:8080/"\n',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert not loaded.problems
    live, lab, local = (loaded.find(name) for name in ("live", "lab", "local"))
    assert live is not None and live.allow_insecure_http and live.sends_key_in_clear
    assert lab is not None and lab.sends_key_in_clear and not lab.allow_insecure_http
    assert local is not None and not local.sends_key_in_clear  # loopback never leaves


def test_the_verify_path_spelling_is_validated_and_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[environments.qa]\nbase_url = "https://qa.example.com/"\n', encoding="utf-8")
    edit_environment(path, "qa", EnvironmentFields(verify_path="sellers"))
    edit_environment(path, "production", EnvironmentFields(verify_path="sellers"))
    loaded = load_settings(path)
    spellings = [getattr(loaded.find(name), "verify_path", None) for name in ("qa", "production")]
    assert spellings == ["sellers", "sellers"]
    path.write_text(
        '[environments.qa]\nbase_url = "https://qa.example.com/"\nverify_path = "buyers"\n',
        encoding="utf-8",
    )
    (problem,) = load_settings(path).problems
    assert problem.key == "environments.qa.verify_path" and problem.line == 3


def test_a_session_key_wins_stays_in_memory_and_says_where_it_comes_from() -> None:
    environment = Environment("qa", "https://qa.example.com/", "QA", "yellow")
    keys = KeyResolver({}, backend=fail.Keyring())
    assert keys.source(environment) is KeySource.NONE
    keys.use_for_session(environment, ApiKey("session-key-0000-1111"))
    assert keys.source(environment) is KeySource.SESSION
    assert KeySource.SESSION.value == "this session only"
    assert keys.resolve(environment).reveal() == "session-key-0000-1111"
    assert keys.forget_session_key(environment)
    assert keys.source(environment) is KeySource.NONE
