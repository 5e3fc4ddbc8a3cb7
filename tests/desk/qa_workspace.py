"""A workspace as the front ends open one, for a config naming one environment, "qa", at a
given URL: its key in the environment, its config and data in the test's folder."""

from __future__ import annotations

from pathlib import Path

from console.desk.workspace import Workspace
from console.settings.key_variables import key_variable


def qa_workspace(tmp_path: Path, url: str, key: str, *, one_shot: bool = False) -> Workspace:
    """`one_shot`: every blocking step inline, as `nowgg-console verify` opens it."""
    config = tmp_path / "config.toml"
    config.write_text(f'[environments.qa]\nbase_url = "{url}"\n', encoding="utf-8")
    return Workspace.open(
        environ={
            "NOWGG_CONSOLE_CONFIG": str(config),
            "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
            key_variable("qa"): key,
        },
        one_shot=one_shot,
    )
