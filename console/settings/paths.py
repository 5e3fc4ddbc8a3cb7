"""Where the console keeps its files: the config file, the history's data directory, themes.

The platform's own places by default (platformdirs: `~/.config/nowgg-console/config.toml` and
`~/.local/share/nowgg-console/` on Linux). Two environment variables point elsewhere, for a
test, a second profile or a portable setup:

- `NOWGG_CONSOLE_CONFIG` — the config *file* itself;
- `NOWGG_CONSOLE_DATA` — the data *directory* (the history database lives there).

Every function takes an optional `environ` mapping so tests never touch the real process
environment. Nothing here creates a directory: reading must not leave traces behind.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

APP_NAME: Final = "nowgg-console"
CONFIG_FILE_NAME: Final = "config.toml"
THEMES_DIR_NAME: Final = "themes"
CONFIG_VARIABLE: Final = "NOWGG_CONSOLE_CONFIG"
DATA_VARIABLE: Final = "NOWGG_CONSOLE_DATA"


def _override(variable: str, environ: Mapping[str, str] | None) -> Path | None:
    """The path a variable names, made absolute; an empty variable counts as unset, because
    `NOWGG_CONSOLE_CONFIG= nowgg-console …` is how people unset one for a single command."""
    value = (os.environ if environ is None else environ).get(variable, "").strip()
    if not value:
        return None
    return Path(value).expanduser().absolute()


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The TOML config file (it need not exist: a missing file means the built-ins only)."""
    override = _override(CONFIG_VARIABLE, environ)
    if override is not None:
        return override
    import platformdirs  # here: with the variable set (scripts, CI) it is never needed

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The directory of the config file: what sits beside it (themes) follows an override."""
    return config_path(environ).parent


def themes_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where users may add their own theme files, beside the config file."""
    return config_dir(environ) / THEMES_DIR_NAME


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The directory for the history database and anything else the console accumulates."""
    override = _override(DATA_VARIABLE, environ)
    if override is not None:
        return override
    import platformdirs  # here: with the variable set (scripts, CI) it is never needed

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
