"""A one-shot workspace (`Workspace.open(one_shot=True)`, what `nowgg-console verify` opens):
its coroutines never suspend, so the command line runs them without an event loop
(console/cli/one_shot.py), with the same lookup, recording and history code as a screen's.

These tests are plain functions on purpose: no event loop runs, and a step that waited for
one would raise `Suspended` instead of passing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console.cli.one_shot import OneShot, Suspended, run_one_shot
from console.desk.outcomes import LookupOutcome
from console.history import HistoryFilter
from console.history.store import HistoryStore
from console.sandbox.server import SandboxServer
from console.settings.config import load_settings
from tests.desk.qa_workspace import qa_workspace

TOKEN = "sbx-paid-unconsumed-0001"


def test_a_one_shot_verify_with_every_step_of_a_verify_runs_without_an_event_loop(
    tmp_path: Path, sellers_only: SandboxServer
) -> None:
    """The key look-up, the answer 150 and the other spelling written to the config file,
    the history's entry, "Also touched" and the closing: all inline."""
    workspace = qa_workspace(tmp_path, sellers_only.url, sellers_only.api_key, one_shot=True)

    async def verify() -> int:
        async with workspace:
            workspace.open_history_soon()
            desk = workspace.desk(workspace.choose("qa"))
            outcome = await desk.lookup(desk.read_query(TOKEN), note="T-1")
            touched = await workspace.others_touched(outcome)
            await workspace.flush_history()
            found.append(outcome)
            return len(touched.touches)

    found: list[LookupOutcome] = []
    assert run_one_shot(OneShot(verify())) == 0  # nobody else touched it
    outcome = found[0]
    assert outcome.ok
    assert outcome.verify_path_note is not None and "answered code 150" in outcome.verify_path_note
    remembered = load_settings(tmp_path / "config.toml").find("qa")
    assert remembered is not None and remembered.verify_path == "sellers"
    store = HistoryStore(tmp_path / "data" / "history.sqlite3")
    try:
        entries = store.search(HistoryFilter(token=TOKEN))
    finally:
        store.close()
    assert [(entry.action.value, entry.note) for entry in entries] == [("verify", "T-1")]


def test_a_one_shot_coroutine_that_waits_for_an_event_loop_is_a_bug_said_not_a_hang() -> None:
    finished: list[str] = []

    async def waits() -> int:
        try:
            await asyncio.sleep(0)
            return 0
        finally:
            finished.append("finally ran")

    with pytest.raises(Suspended, match="waited for an event loop"):
        run_one_shot(OneShot(waits()))
    assert finished == ["finally ran"]
