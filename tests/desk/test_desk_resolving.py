"""When `history resolve` may touch an unknown consume: after its own request's deadline (an
entry of an older version: the longest deadline any environment here allows), and only once
no live process holds it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.desk.deadline import RESOLVE_MARGIN_S
from console.desk.resolving import resolve_unknown_consumes
from console.desk.workspace import Workspace
from console.history import Action
from console.sandbox.server import SandboxServer
from tests.history.history_entries import make_history_entry

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _workspace(tmp_path: Path, sandbox: SandboxServer) -> Workspace:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[environments.slow]\nbase_url = "{sandbox.url}"\ntimeout = 100\n', encoding="utf-8"
    )
    return Workspace.open(
        environ={
            "NOWGG_CONSOLE_CONFIG": str(config),
            "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
            "NOWGG_CONSOLE_API_KEY_SLOW": sandbox.api_key,
        }
    )


async def test_each_entry_waits_for_its_own_deadline(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with _workspace(tmp_path, sandbox) as workspace:
        history = workspace.history
        assert history is not None
        own = history.begin(
            make_history_entry(action=Action.CONSUME, environment="slow", at=T0, deadline_s=30.0)
        )
        old = history.begin(make_history_entry(action=Action.CONSUME, environment="slow", at=T0))
        report = await resolve_unknown_consumes(workspace, now=T0 + timedelta(seconds=31))
    assert report.resolutions == [] and report.in_flight == []
    until = {waiting.entry.id: waiting.until for waiting in report.too_recent}
    assert until[own] == T0 + timedelta(seconds=30 + RESOLVE_MARGIN_S)
    # No deadline recorded: the slow environment's 5 s connect + 100 s read.
    assert until[old] == T0 + timedelta(seconds=105 + RESOLVE_MARGIN_S)


async def test_once_its_deadline_passed_it_is_settled_by_verifying(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with _workspace(tmp_path, sandbox) as workspace:
        history = workspace.history
        assert history is not None
        entry_id = history.begin(
            make_history_entry(
                action=Action.CONSUME,
                environment="slow",
                token="sbx-paid-consumed-0002",
                at=T0,
                deadline_s=30.0,
            )
        )
        report = await resolve_unknown_consumes(workspace, now=T0 + timedelta(seconds=33))
        [resolution] = report.resolutions
        assert resolution.entry.id == entry_id
        assert "Consumed — the consume went through" in resolution.message
        assert history.unresolved() == []
