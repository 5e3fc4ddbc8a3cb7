"""`nowgg-console env …` and the config file, as an on-call engineer uses them."""

from __future__ import annotations

from pathlib import Path

from console.sandbox.server import SandboxServer
from tests.cli.cli_runner import CliRunner


def _config(home: Path) -> Path:
    return home / "config" / "nowgg-console" / "config.toml"


def test_add_use_switch_and_remove_an_environment(
    cli: CliRunner, sandbox: SandboxServer, tmp_path: Path
) -> None:
    added = cli(
        "env",
        "add",
        "qa",
        "--base-url",
        sandbox.url,
        "--label",
        "QA sandbox",
        "--colour",
        "cyan",
        "--timeout",
        "5",
    )
    assert added.code == 0, added.err
    listing = cli("env", "list")
    assert "qa" in listing.out and "127.0.0.1" in listing.out
    key = {"NOWGG_CONSOLE_API_KEY_QA": sandbox.api_key}
    # One run in qa with --env, without changing the default…
    run = cli("verify", "sbx-paid-unconsumed-0001", "--env", "qa", **key)
    assert run.code == 0 and "Environment  qa" in run.out
    assert "Environment  sandbox" in cli("verify", "sbx-paid-unconsumed-0001").out
    # …then make it the default, and back.
    assert cli("env", "use", "qa").code == 0
    assert "Environment  qa" in cli("verify", "sbx-paid-unconsumed-0001", **key).out
    assert "* qa" in cli("env", "list").out
    assert cli("env", "use", "sandbox").code == 0
    assert "Environment  sandbox" in cli("verify", "sbx-paid-unconsumed-0001").out
    # NOWGG_CONSOLE_ENV picks one for a single run.
    by_variable = cli("verify", "sbx-paid-unconsumed-0001", NOWGG_CONSOLE_ENV="qa", **key)
    assert "Environment  qa" in by_variable.out
    removed = cli("env", "remove", "qa")
    assert removed.code == 0, removed.err
    assert "qa" not in cli("env", "list", "--json").json()["environments"][-1]["name"]  # type: ignore[index]


def test_edit_and_show(cli: CliRunner) -> None:
    cli("env", "add", "staging", "--base-url", "https://staging.example.test/")
    assert cli("env", "edit", "staging", "--read-only", "--production").code == 0
    shown = cli("env", "show", "staging", "--json").json()
    assert isinstance(shown, dict)
    assert shown["readOnly"] is True and shown["production"] is True
    # A read-only environment refuses consumes before any request.
    run = cli(
        "consume",
        "sbx-paid-unconsumed-0001",
        "--env",
        "staging",
        "--yes",
        NOWGG_CONSOLE_API_KEY_STAGING="some-key-123456",
    )
    assert run.code == 4
    assert "read-only" in run.out


def test_a_bad_config_file_is_named_ignored_and_never_overwritten(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = _config(tmp_path)
    path.parent.mkdir(parents=True)
    text = (
        '# my team\'s environments\n[environments.staging]\nbase_url = "https://x.test/"\n'
        'timeout = "ten"\n'
    )
    path.write_text(text)
    run = cli("verify", "sbx-paid-unconsumed-0001")
    assert run.code == 0  # the console still works, with the built-ins
    assert str(path) in run.err and "ignored" in run.err
    assert "environments.staging.timeout" in run.err
    refused = cli("env", "add", "qa", "--base-url", "http://127.0.0.1:1/")
    assert refused.code == 5
    assert path.read_text() == text


def test_a_toml_syntax_error_names_the_line(cli: CliRunner, tmp_path: Path) -> None:
    path = _config(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('default_environment = "sandbox"\n[environments.qa\nbase_url = 1\n')
    run = cli("env", "list")
    assert run.code == 0
    assert "line 2" in run.err


def test_unknown_keys_and_key_like_fields_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = _config(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('[environments.qa]\nbase_url = "https://x.test/"\napi_key = "abc"\n')
    run = cli("env", "list")
    assert "key set" in run.err
    assert "abc" not in run.err
