"""The environment the start-up benches launch a program in: an empty home, config and data
folder of the run's own, one terminal type and locale — the same for the console and its
yardstick, and nothing of the user's (their config, history or keys)."""

from __future__ import annotations

import os
from pathlib import Path


def isolated_environment(root: Path) -> dict[str, str]:
    """Variables for a program launched under `root` (a temporary folder of the run)."""
    home = root / "home"
    home.mkdir()
    return {
        "PATH": os.defpath,
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local"),
        "NOWGG_CONSOLE_CONFIG": str(root / "config.toml"),
        "NOWGG_CONSOLE_DATA": str(root / "data"),
    }
