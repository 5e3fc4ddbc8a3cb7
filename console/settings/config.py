"""The config file: which environments exist, which one is the default, how long history lives.

Its place is `paths.config_path()` (`NOWGG_CONSOLE_CONFIG` points elsewhere). A missing file is
normal: the console runs with the built-in environments. The schema, every key optional unless
marked::

    default_environment = "staging"     # what `env use` writes; defaults to "sandbox"

    [history]
    retention_days = 365                # whole days, 1 to 36500 (default 365)
    retention_rows = 200000             # entries, 1 to 1000000000 (default 200000)
    operator = "alice"                  # the name on every entry, 1 to 64 characters
                                        # (default: the OS user name)
    url = "postgresql://db/nowgg"       # a team's shared history on PostgreSQL (else the
                                        # local SQLite file); NEVER with a password: the
                                        # keyring (`key set history`), ~/.pgpass, PGPASSWORD

    [environments.staging]              # name: 1-32 of a-z 0-9 -; "custom" is reserved
    base_url = "https://…"              # REQUIRED: http(s) with a host, no user:password@
                                        # (the rules of payments/urls.py, as --base-url)
    label = "Staging"                   # defaults to the name; at most 80 characters
    colour = "yellow"                   # red green yellow blue magenta cyan white purple
                                        # violet, or "#rrggbb"; default yellow (red when
                                        # production)
    production = false                  # marks it dangerous: banners, confirmations
    read_only = false                   # refuse consumes here
    timeout = 10.0                      # reply timeout in seconds, > 0 and <= 300
    default_store = "nowgg"             # nowgg xiaomi onestore amazon huawei

    verify_path = "seller"              # seller (default) or sellers: the verify path's
                                        # spelling this host answers (the console writes it
                                        # when a verify finds the other one answers 150)
    allow_insecure_http = false         # accept a plain http:// base_url to another machine
                                        # for a production environment (the key travels in
                                        # clear): refused without it

    [environments.production]           # a built-in (sandbox, production, production-cn):
    read_only = true                    # only label, colour, read_only, timeout,
                                        # default_store and verify_path may be set; never
                                        # base_url/production

    [ui]
    theme = "nowgg-dark"                # the TUI's theme (palette "Theme" writes it)

    [keybindings]                       # the TUI's keys: binding id = "key[,key…]"
    switch_environment = "ctrl+e"       # (the help screen, F1, lists the ids)

Any other key is a problem, and so is anything that looks like an API key (`api_key`,
`secret`…): keys live in the OS keyring (`nowgg-console key set ENV`), never in this file.

The file must be a regular file of at most 1 MiB, in UTF-8, nested at most 16 levels deep
(`config_file.py`): a named pipe, a directory or a device is a problem like any other, found
without reading from it.

A file with any problem is ignored *as a whole*: the console runs with the built-ins and says
so. Half-reading it would be worse: an on-call team's `read_only = true` for production could
be dropped silently while the rest of their file applies, and the console would look
configured when it is not. Ignoring it all is visible and nothing is lost, because writes
refuse to touch a file with problems (see `config_edit.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config_file import read_config_file
from .config_lines import with_lines
from .config_problems import ConfigProblem, describe_problems
from .config_schema import Retention, parse_document
from .environments import BUILTIN_ENVIRONMENTS, DEFAULT_ENVIRONMENT, Environment
from .paths import config_path


@dataclass(frozen=True)
class LoadedSettings:
    path: Path
    environments: tuple[Environment, ...] = BUILTIN_ENVIRONMENTS
    """Built-ins first (with any overrides of the file), then the file's own, in file order."""
    default_environment: str = DEFAULT_ENVIRONMENT
    retention: Retention = field(default_factory=Retention)
    history_url: str | None = None
    """`[history] url`: the team's shared history (PostgreSQL); None: the local SQLite file."""
    problems: tuple[ConfigProblem, ...] = ()
    file_exists: bool = False
    preserved: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """The [ui] and [keybindings] tables as written; the TUI reads them (unknown keys there
    are kept, and reported by the TUI, not refused here)."""
    operator: str | None = None
    """`[history] operator`: the name on every history entry; None: the OS user name."""

    @property
    def ignored(self) -> bool:
        """True when the file exists but was not used because of its problems."""
        return bool(self.problems)

    @property
    def ignored_summary(self) -> str | None:
        """One line for a persistent notice or a switcher: the file was ignored and why in
        short (each problem's file, line, key and message are in `problems`)."""
        if not self.problems:
            return None
        count = len(self.problems)
        return (
            f"The config file {self.path} was ignored ({count} problem{'s' * (count != 1)}): "
            "only the built-in environments are available until it is fixed."
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(environment.name for environment in self.environments)

    def find(self, name: str) -> Environment | None:
        for environment in self.environments:
            if environment.name == name:
                return environment
        return None

    def ignored_message(self) -> str | None:
        """What a front end says at start when the file was ignored, or None."""
        if not self.problems:
            return None
        count = len(self.problems)
        return (
            f"the config file {self.path} was ignored ({count} problem{'s' * (count != 1)}); "
            "running with the built-in environments only. Fix the file and run again:\n"
            + describe_problems(self.problems)
        )


def load_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> LoadedSettings:
    """Read the config file. Never raises: every problem is in `problems`, and with any
    problem the result holds the built-ins only (see the module docstring for why)."""
    path = config_path(environ) if path is None else path
    file = read_config_file(path)
    if file.problems:
        return LoadedSettings(path, problems=file.problems, file_exists=file.exists)
    parsed, problems = parse_document(file.document, path)
    if problems:
        located = with_lines(problems, file.text)
        return LoadedSettings(path, problems=located, file_exists=file.exists)
    return LoadedSettings(
        path,
        environments=parsed.environments,
        default_environment=parsed.default_environment,
        retention=parsed.retention,
        history_url=parsed.history_url,
        file_exists=file.exists,
        preserved=parsed.preserved,
        operator=parsed.operator,
    )
