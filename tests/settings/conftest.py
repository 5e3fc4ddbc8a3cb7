"""Fixtures of the settings tests: a throw-away home for every test, and the real keyring.

`real_keyring` (the real Secret Service) comes from tests/keyring_service.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_PRIVATE_VARIABLES = (
    "NOWGG_CONSOLE_CONFIG",
    "NOWGG_CONSOLE_DATA",
    "NOWGG_CONSOLE_ENV",
    "PYTHON_KEYRING_BACKEND",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's config, data, or keyring settings, and no key
    variable of the developer's shell leaks into a test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for variable, below in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(variable, str(home / below))
    for variable in list(os.environ):
        if variable.startswith("NOWGG_CONSOLE_API_KEY") or variable in _PRIVATE_VARIABLES:
            monkeypatch.delenv(variable)
    return home
