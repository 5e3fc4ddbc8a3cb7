"""The config file's schema: a parsed TOML document in, environments and problems out.

Pure (no file access), so loading and every write check a document the same way: a change is
written only if the file it produces would load without a problem. The schema itself is
documented in `config.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Final

from console.payments import Store

from . import config_values as values
from .config_problems import ConfigProblem
from .environments import (
    ADHOC,
    BUILTIN_ENVIRONMENTS,
    BUILTIN_NAMES,
    DEFAULT_ENVIRONMENT,
    DEFAULT_VERIFY_SPELLING,
    Environment,
    builtin_environment,
    insecure_http,
    insecure_production_problem,
)
from .history_url import KEYRING_NAME, has_password, url_problem, without_password
from .key_variables import key_variable
from .printable import printable

DEFAULT_RETENTION_DAYS: Final = 365
DEFAULT_RETENTION_ROWS: Final = 200_000

ENVIRONMENT_FIELDS: Final = (
    "base_url",
    "label",
    "colour",
    "production",
    "read_only",
    "timeout",
    "default_store",
    "verify_path",
    "allow_insecure_http",
)
# A built-in's host and production mark are what make it that environment: a file may not
# point "production" elsewhere or make it look harmless, only tune how it behaves and looks.
BUILTIN_OVERRIDABLE: Final = (
    "label",
    "colour",
    "read_only",
    "timeout",
    "default_store",
    "verify_path",
)
HISTORY_FIELDS: Final = ("retention_days", "retention_rows", "url", "operator")
# Tables the TUI reads ([ui], [keybindings]): accepted and written back untouched (only
# [ui].theme is checked here).
PRESERVED_TABLES: Final = ("ui", "keybindings")
TOP_LEVEL_KEYS: Final = ("default_environment", "history", "environments", *PRESERVED_TABLES)

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_SHOWN_KEY_CHARS: Final = 40
_SECRET_WORDS: Final = ("key", "secret", "password", "token", "authorization", "credential")


@dataclass(frozen=True)
class Retention:
    """How much history to keep; whichever limit is reached first applies."""

    days: int = DEFAULT_RETENTION_DAYS
    rows: int = DEFAULT_RETENTION_ROWS


@dataclass(frozen=True)
class ParsedConfig:
    environments: tuple[Environment, ...] = BUILTIN_ENVIRONMENTS
    default_environment: str = DEFAULT_ENVIRONMENT
    retention: Retention = field(default_factory=Retention)
    history_url: str | None = None
    """`[history] url`: the team's shared history on PostgreSQL (never with a password)."""
    preserved: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """The [ui] and [keybindings] tables, as the file has them."""
    operator: str | None = None
    """`[history] operator`: the name on every entry (None: the OS user)."""


def key_path(*parts: str) -> str:
    """`environments.staging.timeout`, quoting a part TOML would need quoted (made printable
    and cut short: a key, too, may hold an escape sequence or be 100 KB long)."""
    return ".".join(_key_part(part) for part in parts)


def _key_part(part: str) -> str:
    if _BARE_KEY.fullmatch(part):
        return part
    if part.isprintable() and len(part) <= _SHOWN_KEY_CHARS:
        escaped = part.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return printable(part, _SHOWN_KEY_CHARS)


def looks_like_secret(key: str) -> bool:
    """`api_key`, `key`, `secret`, `token`…: someone trying to put a key in the file."""
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def _secret_hint(environment: str | None) -> str:
    name = environment or "ENV"
    variable = key_variable(name)
    return (
        "no API key in this file (it would sit there in plain text): store it in the OS "
        f"keyring with `nowgg-console key set {name}`, or set {variable}"
    )


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[ConfigProblem] = []

    def add(self, key: str | None, found: str, expected: str) -> None:
        self.found.append(ConfigProblem(self.path, key, found, expected))

    def unknown_key(
        self, parts: tuple[str, ...], allowed: tuple[str, ...], env: str | None
    ) -> None:
        name = parts[-1]
        if looks_like_secret(name) and name not in allowed:
            # Never echo the value: it may be the very key we are keeping out of files.
            found = f"a field {printable(name, _SHOWN_KEY_CHARS)} that looks like a secret"
            self.add(key_path(*parts), found, _secret_hint(env))
            return
        expected = f"one of {', '.join(allowed)}"
        import difflib  # only for a key that is wrong: most files load without it

        close = difflib.get_close_matches(name, allowed, n=1)
        if close:
            expected += f" (did you mean {close[0]!r}?)"
        self.add(key_path(*parts), f"an unknown key {printable(name, _SHOWN_KEY_CHARS)}", expected)


def _check(
    problems: _Problems, parts: tuple[str, ...], value: object, check: Callable[[object], Any]
) -> Any:
    try:
        return check(value)
    except values.Invalid as invalid:
        problems.add(key_path(*parts), invalid.found, invalid.expected)
        return None


def _table(problems: _Problems, parts: tuple[str, ...], value: object) -> Mapping[str, Any] | None:
    if isinstance(value, dict):
        return value
    problems.add(key_path(*parts), values.shown(value), "a table ([" + key_path(*parts) + "])")
    return None


def _environment_fields(
    problems: _Problems, name: str, table: Mapping[str, Any], allowed: tuple[str, ...]
) -> dict[str, Any]:
    """The table's fields, checked and converted to `Environment` attribute names."""
    checks: dict[str, tuple[str, Callable[[object], Any]]] = {
        "base_url": ("base_url", values.base_url),
        "label": ("label", values.label),
        "colour": ("colour", values.colour),
        "production": ("production", values.flag),
        "read_only": ("read_only", values.flag),
        "timeout": ("timeout_s", values.timeout),
        "default_store": ("default_store", values.store),
        "verify_path": ("verify_path", values.verify_spelling),
        "allow_insecure_http": ("allow_insecure_http", values.flag),
    }
    fields: dict[str, Any] = {}
    for key, value in table.items():
        parts = ("environments", name, key)
        if key not in allowed:
            if name in BUILTIN_NAMES and key in ENVIRONMENT_FIELDS:
                problems.add(
                    key_path(*parts),
                    f"{key} set for the built-in environment {name!r}",
                    f"only {', '.join(BUILTIN_OVERRIDABLE)} may be changed for a built-in; "
                    "add an environment under another name for another host",
                )
            else:
                problems.unknown_key(parts, allowed, name)
            continue
        attribute, check = checks[key]
        checked = _check(problems, parts, value, check)
        if checked is not None:
            fields[attribute] = checked
    return fields


def _environment(problems: _Problems, name: str, value: object) -> Environment | None:
    if name == ADHOC:
        problems.add(
            key_path("environments", name),
            f"the reserved name {name!r}",
            "another name: 'custom' is what --base-url calls its ad-hoc environment",
        )
        return None
    try:
        values.environment_name(name)
    except values.Invalid as invalid:
        problems.add(key_path("environments", name), invalid.found, invalid.expected)
        return None
    table = _table(problems, ("environments", name), value)
    if table is None:
        return None
    shipped = builtin_environment(name)
    if shipped is not None:
        return replace(shipped, **_environment_fields(problems, name, table, BUILTIN_OVERRIDABLE))
    before = len(problems.found)
    fields = _environment_fields(problems, name, table, ENVIRONMENT_FIELDS)
    if "base_url" not in table:
        problems.add(
            key_path("environments", name, "base_url"),
            "no base_url",
            'base_url = "https://…": where this environment\'s calls go',
        )
    if len(problems.found) > before:
        return None
    production = bool(fields.get("production", False))
    allow_insecure = bool(fields.get("allow_insecure_http", False))
    if production and not allow_insecure and insecure_http(fields["base_url"]):
        problems.add(
            key_path("environments", name, "base_url"),
            f"plain http:// to another machine for a production environment ({name})",
            "an https:// URL: " + insecure_production_problem(name, fields["base_url"]),
        )
        return None
    return Environment(
        name=name,
        base_url=fields["base_url"],
        label=fields.get("label", name),
        # Unless told otherwise, production looks dangerous and anything else looks careful.
        colour=fields.get("colour", "red" if production else "yellow"),
        production=production,
        read_only=bool(fields.get("read_only", False)),
        timeout_s=fields.get("timeout_s"),
        default_store=fields.get("default_store", Store.NOWGG),
        allow_insecure_http=allow_insecure,
        verify_path=fields.get("verify_path", DEFAULT_VERIFY_SPELLING),
    )


def _environments(problems: _Problems, value: object) -> tuple[Environment, ...]:
    table = _table(problems, ("environments",), value)
    if table is None:
        return BUILTIN_ENVIRONMENTS
    overrides: dict[str, Environment] = {}
    added: list[Environment] = []
    for name, entry in table.items():
        environment = _environment(problems, name, entry)
        if environment is None:
            continue
        if environment.builtin:
            overrides[name] = environment
        else:
            added.append(environment)
    builtins = tuple(overrides.get(env.name, env) for env in BUILTIN_ENVIRONMENTS)
    return builtins + tuple(added)


def _history_url(problems: _Problems, value: object) -> str | None:
    """`[history] url`: a postgresql:// URL without a password (the password lives in the
    keyring, ~/.pgpass or PGPASSWORD: a config file is copied, shared and backed up)."""
    where = key_path("history", "url")
    if not isinstance(value, str) or not value.strip():
        problems.add(
            where, values.shown(value), 'a URL, e.g. url = "postgresql://db.example/nowgg"'
        )
        return None
    if has_password(value):
        problems.add(
            where,
            f"a URL with a password ({printable(without_password(value), 200)} and a password)",
            "the URL without its password: keep the password out of this file — "
            f"`nowgg-console key set {KEYRING_NAME}` (the OS keyring), ~/.pgpass or PGPASSWORD",
        )
        return None
    problem = url_problem(value)
    if problem is not None:
        problems.add(where, values.shown(value), problem)
        return None
    return value.strip()


def _history(problems: _Problems, value: object) -> tuple[Retention, str | None]:
    table = _table(problems, ("history",), value)
    if table is None:
        return Retention(), None
    found: dict[str, int] = {}
    url: str | None = None
    for key, entry in table.items():
        if key not in HISTORY_FIELDS:
            problems.unknown_key(("history", key), HISTORY_FIELDS, None)
            continue
        if key == "url":
            url = _history_url(problems, entry)
            continue
        if key == "operator":
            continue  # checked by its own rule (`_operator`)
        unit, maximum = (
            ("days", values.MAX_RETENTION_DAYS)
            if key == "retention_days"
            else ("entries", values.MAX_RETENTION_ROWS)
        )
        check = partial(values.positive_count, unit=unit, maximum=maximum)
        count = _check(problems, ("history", key), entry, check)
        if count is not None:
            found[key.removeprefix("retention_")] = count
    return Retention(**found), url


def _operator(problems: _Problems, value: object) -> str | None:
    """`[history] operator`: checked here, so a bad name is a problem with its line."""
    if not isinstance(value, dict) or "operator" not in value:
        return None  # a [history] that is no table is said by `_retention`
    name: str | None = _check(problems, ("history", "operator"), value["operator"], values.operator)
    return name


def _check_ui(problems: _Problems, table: Mapping[str, Any]) -> None:
    """The [ui] keys the console reads; others stay preserved as written. A theme name that
    is not (or no longer) installed is the front end's to report: themes are files that come
    and go, and a missing one must not make the whole file ignored."""
    if "theme" in table and not (isinstance(table["theme"], str) and table["theme"].strip()):
        problems.add(
            key_path("ui", "theme"),
            values.shown(table["theme"]),
            'a theme name, e.g. theme = "nowgg-dark"',
        )


def parse_document(
    document: Mapping[str, Any], path: Path
) -> tuple[ParsedConfig, tuple[ConfigProblem, ...]]:
    """Check a whole document. With problems, the caller ignores the result (see config.py)."""
    problems = _Problems(path)
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            problems.unknown_key((key,), TOP_LEVEL_KEYS, None)
    environments = _environments(problems, document.get("environments", {}))
    retention, history_url = _history(problems, document.get("history", {}))
    operator = _operator(problems, document.get("history", {}))
    preserved: dict[str, Mapping[str, Any]] = {}
    for name in PRESERVED_TABLES:
        if name in document:
            table = _table(problems, (name,), document[name])
            if table is not None:
                preserved[name] = table
    _check_ui(problems, preserved.get("ui", {}))
    default = DEFAULT_ENVIRONMENT
    if "default_environment" in document:
        wanted = document["default_environment"]
        known = [environment.name for environment in environments]
        # An environment that is in the file but broken already has its own problem.
        in_file = document.get("environments", {})
        if isinstance(wanted, str) and wanted in known:
            default = wanted
        elif not (isinstance(wanted, str) and isinstance(in_file, dict) and wanted in in_file):
            problems.add(
                "default_environment",
                values.shown(wanted),
                f"the name of a known environment: {', '.join(known)}",
            )
    parsed = ParsedConfig(environments, default, retention, history_url, preserved, operator)
    return parsed, tuple(problems.found)
