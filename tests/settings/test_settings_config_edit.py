"""Changing the config file: add, edit, remove, use — round trips, refusals, comment backups,
atomic writes, and never a byte changed in a file that has problems."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from console.settings.config import load_settings
from console.settings.config_edit import (
    ConfigWriteFailed,
    EnvironmentFields,
    WriteResult,
    add_environment,
    edit_environment,
    remove_environment,
    set_default_environment,
)
from console.settings.config_problems import ConfigFileBroken, ConfigRefused, ConfigRejected

STAGING = EnvironmentFields(base_url="https://staging.example.com/", label="Staging")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "config.toml"


def test_add_creates_the_file_and_its_directory_private(path: Path) -> None:
    result = add_environment(path, "staging", STAGING)
    assert result.path == path and result.backup is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    loaded = load_settings(path)
    assert loaded.problems == ()
    staging = loaded.find("staging")
    assert staging is not None and staging.label == "Staging" and not staging.builtin
    assert result.settings.names == loaded.names


def test_add_edit_use_remove_round_trip(path: Path) -> None:
    add_environment(path, "staging", STAGING)
    add_environment(
        path,
        "qa",
        EnvironmentFields(base_url="http://127.0.0.1:8765/", timeout=3.5, default_store="onestore"),
    )
    edit_environment(path, "staging", EnvironmentFields(colour="cyan", read_only=True))
    set_default_environment(path, "qa")
    loaded = load_settings(path)
    assert loaded.names[-2:] == ("staging", "qa")
    staging = loaded.find("staging")
    assert staging is not None and staging.colour == "cyan" and staging.read_only
    assert loaded.default_environment == "qa"
    qa = loaded.find("qa")
    assert qa is not None and qa.timeout_s == 3.5 and qa.default_store.value == "onestore"

    edit_environment(path, "staging", EnvironmentFields(), clear=["colour", "read_only"])
    staging = load_settings(path).find("staging")
    assert staging is not None and staging.colour == "yellow" and not staging.read_only

    result = remove_environment(path, "staging")
    assert not result.default_reset
    assert "staging" not in load_settings(path).names


def test_removing_the_default_resets_it_to_the_sandbox(path: Path) -> None:
    add_environment(path, "staging", STAGING)
    set_default_environment(path, "staging")
    result = remove_environment(path, "staging")
    assert result.default_reset and result.settings.default_environment == "sandbox"
    assert load_settings(path).default_environment == "sandbox"


def test_a_builtin_can_be_tuned_and_reset_but_not_moved(path: Path) -> None:
    edit_environment(path, "production", EnvironmentFields(read_only=True, timeout=5))
    production = load_settings(path).find("production")
    assert production is not None and production.read_only and production.timeout_s == 5
    with pytest.raises(ConfigRejected, match=r"environments\.production\.base_url"):
        edit_environment(path, "production", EnvironmentFields(base_url="https://x.example/"))
    with pytest.raises(ConfigRejected, match=r"environments\.production\.production"):
        edit_environment(path, "production", EnvironmentFields(production=False))
    edit_environment(path, "production", EnvironmentFields(), clear=["read_only", "timeout"])
    assert "environments" not in path.read_text()  # nothing left to override: table gone
    production = load_settings(path).find("production")
    assert production is not None and not production.read_only


@pytest.mark.parametrize("name", ["sandbox", "production", "production-cn", "custom"])
def test_builtin_and_reserved_names_cannot_be_added(path: Path, name: str) -> None:
    with pytest.raises(ConfigRefused, match="choose another name"):
        add_environment(path, name, STAGING)
    assert not path.exists()


@pytest.mark.parametrize("name", ["sandbox", "production", "production-cn"])
def test_builtins_cannot_be_removed(path: Path, name: str) -> None:
    with pytest.raises(ConfigRefused, match="built in and cannot be removed"):
        remove_environment(path, name)


def test_refusals_say_what_is_wrong(path: Path) -> None:
    add_environment(path, "staging", STAGING)
    with pytest.raises(ConfigRefused, match="already exists"):
        add_environment(path, "staging", STAGING)
    with pytest.raises(ConfigRefused, match="no environment 'qa' to edit"):
        edit_environment(path, "qa", EnvironmentFields(label="QA"))
    with pytest.raises(ConfigRefused, match="no environment 'qa'"):
        remove_environment(path, "qa")
    with pytest.raises(ConfigRefused, match="unknown environment 'qa'"):
        set_default_environment(path, "qa")
    with pytest.raises(ConfigRefused, match="nothing to change"):
        edit_environment(path, "staging", EnvironmentFields())
    with pytest.raises(ConfigRefused, match="cannot clear api_key"):
        edit_environment(path, "staging", EnvironmentFields(), clear=["api_key"])


def test_an_invalid_change_is_rejected_and_nothing_written(path: Path) -> None:
    add_environment(path, "staging", STAGING)
    before = path.read_bytes()
    cases: list[Callable[[], WriteResult]] = [
        lambda: add_environment(path, "qa", EnvironmentFields(base_url="ftp://qa/")),
        lambda: add_environment(path, "qa", EnvironmentFields(label="no URL")),
        lambda: add_environment(path, "Bad Name", STAGING),
        lambda: edit_environment(path, "staging", EnvironmentFields(colour="plaid")),
        lambda: edit_environment(path, "staging", EnvironmentFields(timeout=0)),
        lambda: edit_environment(path, "staging", EnvironmentFields(default_store="steam")),
        lambda: edit_environment(path, "staging", EnvironmentFields(), clear=["base_url"]),
    ]
    for change in cases:
        with pytest.raises(ConfigRejected) as raised:
            change()
        assert str(path) in str(raised.value)
    assert path.read_bytes() == before


def test_no_field_can_carry_an_api_key() -> None:
    names = {field.name for field in dataclasses.fields(EnvironmentFields)}
    assert names == {
        "base_url",
        "label",
        "colour",
        "production",
        "read_only",
        "timeout",
        "verify_path",
        "allow_insecure_http",
        "default_store",
    }


BROKEN = [
    'default_environment = "staging"\n[environments.staging]\nbase_url = "http://s/"\nx = [\n',
    '# keep me\n[environments.staging]\nbase_url = "http://s/"\ncolor = "red"\n',
    '[environments.staging]\nbase_url = "http://s/"\napi_key = "S3CRET"\n',
    'default_environment = "gone"\n',
]


@pytest.mark.parametrize("text", BROKEN)
def test_nothing_is_written_over_a_file_with_problems(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    changes: list[Callable[[], WriteResult]] = [
        lambda: add_environment(path, "qa", EnvironmentFields(base_url="http://qa/")),
        lambda: edit_environment(path, "staging", EnvironmentFields(label="S")),
        lambda: remove_environment(path, "staging"),
        lambda: set_default_environment(path, "sandbox"),
    ]
    for change in changes:
        with pytest.raises(ConfigFileBroken) as raised:
            change()
        message = str(raised.value)
        assert str(path) in message and "fix it first" in message
        assert raised.value.problems
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_comments_are_kept_in_a_backup_before_the_rewrite(path: Path) -> None:
    path.parent.mkdir(parents=True)
    original = '# staging is the team\'s\n[environments.staging]\nbase_url = "http://s/"  # eu\n'
    path.write_text(original, encoding="utf-8")
    result = set_default_environment(path, "staging")
    assert result.backup == path.with_name("config.toml.bak")
    assert result.backup.read_text(encoding="utf-8") == original
    assert "#" not in path.read_text(encoding="utf-8")
    # The rewritten file has no comments: the next change makes no backup.
    assert set_default_environment(path, "sandbox").backup is None


def test_a_hash_inside_a_string_is_not_a_comment(path: Path) -> None:
    # (Not in a base URL: a #fragment there is refused, by the client's own rule.)
    add_environment(path, "staging", EnvironmentFields(base_url="http://s/", colour="#00ff00"))
    assert edit_environment(path, "staging", EnvironmentFields(label="S#1")).backup is None
    assert not path.with_name("config.toml.bak").exists()


def test_an_older_backup_is_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    older = path.with_name("config.toml.bak")
    older.write_text("# an older backup\n", encoding="utf-8")
    path.write_text("# new comment\n", encoding="utf-8")
    result = set_default_environment(path, "production")
    assert result.backup == path.with_name("config.toml.bak.2")
    assert older.read_text(encoding="utf-8") == "# an older backup\n"


def test_permissions_and_preserved_tables_are_kept(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('[ui]\ntheme = "nord"\n[keybindings]\nquit = "ctrl+q"\n', encoding="utf-8")
    os.chmod(path, 0o640)
    add_environment(path, "staging", STAGING)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_settings(path).preserved == {
        "ui": {"theme": "nord"},
        "keybindings": {"quit": "ctrl+q"},
    }


def test_a_symlinked_config_stays_a_symlink(path: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "nowgg.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("", encoding="utf-8")
    path.parent.mkdir(parents=True)
    path.symlink_to(dotfiles)
    result = add_environment(path, "staging", STAGING)
    assert path.is_symlink() and result.path == dotfiles
    assert "staging" in load_settings(path).names


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_original_intact_and_no_temp_file(
    path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    add_environment(path, "staging", STAGING)
    before = path.read_bytes()

    def broken_replace(source: object, target: object) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", broken_replace)
    expected = ConfigWriteFailed if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as raised:
        add_environment(path, "qa", EnvironmentFields(base_url="http://qa/"))
    if isinstance(failure, OSError):
        assert "left as it was" in str(raised.value) and "No space left" in str(raised.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_a_failed_fsync_leaves_the_original_intact(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_environment(path, "staging", STAGING)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ConfigWriteFailed):
        remove_environment(path, "staging")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]
