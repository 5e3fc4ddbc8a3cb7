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


async def test_the_console_counts_and_resolves_at_once_into_the_same_row(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    async with _workspace(tmp_path, sandbox) as workspace:
        history = workspace.history
        assert history is not None
        # Just sent, by a process that is gone: inside its grace window.
        entry_id = history.begin(
            make_history_entry(
                action=Action.CONSUME,
                environment="slow",
                token="sbx-paid-unconsumed-0001",
                at=datetime.now(UTC),
                deadline_s=30.0,
            )
        )
        assert await workspace.count_unknown_consumes("slow") == 1
        assert await workspace.count_unknown_consumes("sandbox") == 0
        waiting = await workspace.resolve_consumes([entry_id], now=False)
        assert waiting.resolutions == [] and waiting.waiting == 1
        assert waiting.first_resolvable is not None
        report = await workspace.resolve_consumes(None, now=True)
        [resolution] = report.resolutions
        assert await workspace.count_unknown_consumes("slow") == 0
        rows = history.search()
    # One consume row, settled, linked to the verify that proved it: no look-alike row.
    consume, proof = (
        next(row for row in rows if row.id == entry_id),
        next(row for row in rows if row.id == resolution.proof_entry),
    )
    assert len(rows) == 2
    assert consume.settlement == "not_consumed" and consume.resolved_at is not None
    assert consume.proof_entry == proof.id and proof.proves_entry == entry_id
    assert proof.action is Action.RESOLVE and proof.outcome == "ok"
    assert resolution.proof is not None and resolution.proof.decoded is not None
