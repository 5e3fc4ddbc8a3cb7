"""Changing the config file: `env add`, `env edit`, `env remove`, `env use`, and the TUI's
`[ui]` choices (its theme).

Every change follows the same steps, so none can lose what the user wrote:

1. read the file; if it has any problem, refuse (`ConfigFileBroken`) — the user fixes it first;
2. apply the change to the parsed document and check the result with the loader's own schema
   (`ConfigRejected` when it would not load);
3. tomli-w cannot keep comments: when the file has any, copy it to `config.toml.bak` first
   (`WriteResult.backup` says where, for the front end to tell the user);
4. write atomically (`atomic_write.py`), keeping the file's permissions.

No field can hold an API key: keys go to the OS keyring (`keyring_store.py`).
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import tomli_w

from .atomic_write import free_backup_path, write_atomically
from .config import LoadedSettings
from .config_file import read_config_file
from .config_problems import ConfigError, ConfigFileBroken, ConfigRefused, ConfigRejected
from .config_schema import BUILTIN_OVERRIDABLE, ENVIRONMENT_FIELDS, ParsedConfig, parse_document
from .environments import ADHOC, BUILTIN_NAMES
from .toml_comments import has_comments


@dataclass(frozen=True)
class EnvironmentFields:
    """The fields to set; None leaves a field as it is. Names are the file's keys."""

    base_url: str | None = None
    label: str | None = None
    colour: str | None = None
    production: bool | None = None
    read_only: bool | None = None
    timeout: float | None = None
    default_store: str | None = None
    verify_path: str | None = None
    allow_insecure_http: bool | None = None

    def given(self) -> dict[str, Any]:
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class WriteResult:
    path: Path
    """The file written (through a symlink, the link's target)."""
    backup: Path | None
    """Where the file's comments were kept (tomli-w drops them), or None when it had none."""
    settings: LoadedSettings
    """The settings as they now load."""
    default_reset: bool = False
    """A removal took away the default environment: the default is the sandbox again."""


class ConfigWriteFailed(ConfigError):
    """The file system refused (a full disk, no permission); the old file is intact."""


def _environments(document: dict[str, Any]) -> dict[str, Any]:
    table = document.setdefault("environments", {})
    assert isinstance(table, dict)  # the document passed the schema before any change
    return table


def _drop_empty_environments(document: dict[str, Any]) -> None:
    if document.get("environments") == {}:
        del document["environments"]


def _settings(path: Path, parsed: ParsedConfig) -> LoadedSettings:
    return LoadedSettings(
        path,
        environments=parsed.environments,
        default_environment=parsed.default_environment,
        retention=parsed.retention,
        file_exists=True,
        preserved=parsed.preserved,
        operator=parsed.operator,
    )


def _backup(path: Path, text: str) -> Path | None:
    if not has_comments(text):
        return None
    content = text.encode("utf-8")
    backup, already_there = free_backup_path(path, content)
    if not already_there:
        write_atomically(backup, content)
    return backup


def _change(path: Path, apply: Callable[[dict[str, Any], ParsedConfig], bool]) -> WriteResult:
    """Read, check, apply, check, back up, write. `apply` edits the document in place and
    returns whether it reset the default environment."""
    file = read_config_file(path)
    if file.problems:
        raise ConfigFileBroken(path, file.problems)
    current, problems = parse_document(file.document, path)
    if problems:
        raise ConfigFileBroken(path, problems)
    document = copy.deepcopy(file.document)
    default_reset = apply(document, current)
    parsed, problems = parse_document(document, path)
    if problems:
        raise ConfigRejected(path, problems)
    data = tomli_w.dumps(document)
    # tomli-w is trusted, but a file that would not read back must never be written.
    if tomllib.loads(data) != document:
        raise ConfigError(f"{path} was not changed: the new content would not read back as is")
    try:
        backup = _backup(path, file.text) if file.exists else None
        written = write_atomically(path, data.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigWriteFailed(
            f"could not write {path} ({reason}); the file was left as it was"
        ) from error
    return WriteResult(written, backup, _settings(path, parsed), default_reset)


def add_environment(path: Path, name: str, settings: EnvironmentFields) -> WriteResult:
    """Add a user environment; `settings.base_url` is required."""

    def apply(document: dict[str, Any], current: ParsedConfig) -> bool:
        if name in BUILTIN_NAMES or name == ADHOC:
            raise ConfigRefused(
                f"{name!r} is {'built in' if name in BUILTIN_NAMES else 'reserved for --base-url'}"
                f"; choose another name (built-in: {', '.join(sorted(BUILTIN_NAMES))})"
            )
        environments = _environments(document)
        if name in environments:
            raise ConfigRefused(
                f"an environment {name!r} already exists in {path}; change it with "
                f"`nowgg-console env edit {name}` or remove it first"
            )
        environments[name] = settings.given()
        return False

    return _change(path, apply)


def edit_environment(
    path: Path, name: str, settings: EnvironmentFields, *, clear: Iterable[str] = ()
) -> WriteResult:
    """Set the given fields and remove the `clear`ed ones (back to their defaults). A built-in
    accepts only label, colour, read_only, timeout and default_store."""
    cleared = tuple(clear)
    unknown = [field for field in cleared if field not in ENVIRONMENT_FIELDS]
    if unknown:
        raise ConfigRefused(
            f"cannot clear {', '.join(unknown)}: the fields are {', '.join(ENVIRONMENT_FIELDS)}"
        )
    if not settings.given() and not cleared:
        raise ConfigRefused(f"nothing to change for {name!r}: give at least one field")

    def apply(document: dict[str, Any], current: ParsedConfig) -> bool:
        environments = _environments(document)
        if name not in environments and name not in BUILTIN_NAMES:
            known = ", ".join(environment.name for environment in current.environments)
            raise ConfigRefused(f"no environment {name!r} to edit; known: {known}")
        table = environments.setdefault(name, {})
        table.update(settings.given())
        for field in cleared:
            table.pop(field, None)
        if name in BUILTIN_NAMES and not table:
            del environments[name]
        _drop_empty_environments(document)
        return False

    return _change(path, apply)


def remove_environment(path: Path, name: str) -> WriteResult:
    """Remove a user environment; when it was the default, the default is the sandbox again.
    Its key in the keyring is the caller's to delete (`keyring_store.delete_key`)."""

    def apply(document: dict[str, Any], current: ParsedConfig) -> bool:
        if name in BUILTIN_NAMES:
            raise ConfigRefused(
                f"{name!r} is built in and cannot be removed; to undo what {path} changes "
                f"about it, clear those fields ({', '.join(BUILTIN_OVERRIDABLE)}) with "
                f"`nowgg-console env edit {name}`"
            )
        environments = _environments(document)
        if name not in environments:
            raise ConfigRefused(f"no environment {name!r} in {path}")
        del environments[name]
        _drop_empty_environments(document)
        if document.get("default_environment") == name:
            del document["default_environment"]
            return True
        return False

    return _change(path, apply)


def set_default_environment(path: Path, name: str) -> WriteResult:
    """`env use NAME`: the environment later runs use unless told otherwise."""

    def apply(document: dict[str, Any], current: ParsedConfig) -> bool:
        known = [environment.name for environment in current.environments]
        if name not in known:
            raise ConfigRefused(f"unknown environment {name!r}; known: {', '.join(known)}")
        document["default_environment"] = name
        return False

    return _change(path, apply)


def set_ui_value(path: Path, key: str, value: str) -> WriteResult:
    """Set one `[ui]` value (the TUI remembers its theme this way); the rest of [ui] and the
    file stay as they are. Same steps as every change: a broken file is refused, not fixed."""

    def apply(document: dict[str, Any], current: ParsedConfig) -> bool:
        table = document.setdefault("ui", {})
        if not isinstance(table, dict):  # the schema already refused such a file
            raise ConfigRefused(f"[ui] in {path} is not a table")
        table[key] = value
        return False

    return _change(path, apply)
