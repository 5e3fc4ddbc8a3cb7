"""What a screen's event loop may call on a workspace: opening one touches no database, and
every history read and write, key look-up and config write has an async form that runs in a
thread and answers as the blocking one would."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.desk.workspace import Workspace
from console.history import HistoryEntryNotFound, HistoryFilter, HistoryUnavailable
from console.payments import ApiKey, PurchaseQuery
from console.sandbox.server import SandboxServer
from console.settings.config import load_settings
from console.settings.key_variables import key_variable
from console.settings.memory_keyring import MemoryKeyring


def _environ(tmp_path: Path, sandbox: SandboxServer) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[environments.qa]\nbase_url = "{sandbox.url}"\n'
        f'[environments.staging]\nbase_url = "{sandbox.url}"\n',
        encoding="utf-8",
    )
    return {
        "NOWGG_CONSOLE_CONFIG": str(config),
        "NOWGG_CONSOLE_DATA": str(tmp_path / "data"),
        key_variable("qa"): sandbox.api_key,
    }


async def test_the_history_opens_on_first_use_not_with_the_workspace(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    workspace = Workspace.open(environ=_environ(tmp_path, sandbox))
    try:
        assert not (tmp_path / "data").exists()
        assert not workspace.history_opened and workspace.history_problem is None
        qa = workspace.settings.find("qa")
        assert qa is not None
        desk = workspace.desk(qa)
        await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"), note="ZD-7")
        assert workspace.history_opened and workspace.history_path is not None
        assert workspace.history_path.exists()
        (entry,) = await workspace.search_history(HistoryFilter(ticket="ZD-7"))
        assert entry.id is not None
        await workspace.note_history_entry(entry.id, "ZD-8")
        again = await workspace.history_entry(entry.id)
        assert again is not None and again.note == "ZD-8"
        assert await workspace.history_entry(entry.id + 1000) is None
        with pytest.raises(HistoryEntryNotFound):
            await workspace.note_history_entry(entry.id + 1000, "nothing")
        assert await workspace.unresolved_consumes() == []
    finally:
        await workspace.aclose()


async def test_a_history_that_cannot_open_is_said_once_and_refuses_reads(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = _environ(tmp_path, sandbox)
    (tmp_path / "data").write_text("a file where the data folder should be", encoding="utf-8")
    workspace = Workspace.open(environ=environ)
    try:
        assert workspace.notices == []
        assert await workspace.open_history() is None
        problem = workspace.history_problem
        assert problem is not None
        with pytest.raises(HistoryUnavailable) as raised:
            await workspace.search_history()
        assert raised.value is problem
        (notice,) = workspace.notices
        assert notice.startswith("the history is off for this run: ")
        assert workspace.write_ahead.known_problem is not None  # the consume form knows now
    finally:
        await workspace.aclose()


async def test_keys_and_the_config_file_without_blocking(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    environ = _environ(tmp_path, sandbox)
    workspace = Workspace.open(environ=environ, keyring_backend=MemoryKeyring())
    try:
        qa, staging = (workspace.settings.find(name) for name in ("qa", "staging"))
        assert qa is not None and staging is not None
        assert await workspace.key_present(qa)
        assert await workspace.keys_present([qa, staging]) == {"qa": True, "staging": False}
        await workspace.store_key(staging, ApiKey("staging-key-0000-1234"))
        assert await workspace.key_present(staging)
        await workspace.save_ui_setting("theme", "nowgg-light")
        assert load_settings(environ=environ).preserved["ui"]["theme"] == "nowgg-light"
    finally:
        await workspace.aclose()


async def test_a_failed_history_write_reaches_a_listener_as_it_happens(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    workspace = Workspace.open(environ=_environ(tmp_path, sandbox))
    heard: list[str] = []
    workspace.add_warning_listener(heard.append)
    try:
        store = await workspace.open_history()
        assert store is not None
        store.close()  # as a disk that went away would leave it
        qa = workspace.settings.find("qa")
        assert qa is not None
        outcome = await workspace.desk(qa).lookup(PurchaseQuery("sbx-paid-unconsumed-0001"))
        assert outcome.ok  # the lookup itself went through
        assert heard == workspace.warnings
        assert len(heard) == 1 and "not written to the history" in heard[0]
    finally:
        await workspace.aclose()
