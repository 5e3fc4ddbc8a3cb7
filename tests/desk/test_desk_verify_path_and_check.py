"""The verify path's other spelling, tried once on code 150 and remembered in the config; and
`check_environment`, the doctor, against a good key, a bad key, a host routing only `sellers`,
a closed port and a server that answers with a web page."""

from __future__ import annotations

import socket
from pathlib import Path

from keyring.backends import fail

from console.desk.environment_check import EnvironmentCheck, StepStatus
from console.desk.workspace import Workspace
from console.outcome_category import OutcomeCategory
from console.payments import ApiKey
from console.sandbox.server import SandboxServer
from console.settings.config import load_settings
from console.settings.keys import KeySource
from tests.desk.qa_workspace import qa_workspace
from tests.hostile_server import HostileServer, Reply


def _steps(check: EnvironmentCheck) -> dict[str, StepStatus]:
    return {step.name: step.status for step in check.steps}


async def test_a_verify_answered_150_tries_the_other_spelling_and_remembers_it(
    tmp_path: Path, sellers_only: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sellers_only.url, sellers_only.api_key) as workspace:
        qa = workspace.choose("qa")
        desk = workspace.desk(qa)
        first = await desk.lookup(desk.read_query("sbx-paid-unconsumed-0001"))
        second = await desk.lookup(desk.read_query("sbx-paid-unconsumed-0001"))
    assert first.ok and second.ok
    assert first.verify_path_note is not None and "answered code 150" in first.verify_path_note
    assert "sellers" in first.verify_path_note
    assert second.verify_path_note is None  # the spelling that worked is the one used now
    remembered = load_settings(tmp_path / "config.toml").find("qa")
    assert remembered is not None and remembered.verify_path == "sellers"


async def test_a_good_key_passes_every_step(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with qa_workspace(tmp_path, sandbox.url, sandbox.api_key) as workspace:
        check = await workspace.check_environment(workspace.choose("qa"))
    assert check.ok and check.key_accepted is True and check.verify_spelling == "seller"
    assert _steps(check) == {
        "dns": StepStatus.OK,
        "tcp": StepStatus.OK,
        "tls": StepStatus.SKIPPED,  # http:// on this machine
        "verify path": StepStatus.OK,
        "key": StepStatus.OK,
    }
    assert all(step.elapsed_ms is not None for step in check.steps if step.name != "tls")


async def test_a_bad_key_is_named_as_refused(tmp_path: Path, sandbox: SandboxServer) -> None:
    async with qa_workspace(tmp_path, sandbox.url, "not-the-sandbox-key-0000") as workspace:
        check = await workspace.check_environment(workspace.choose("qa"))
    assert not check.ok and check.key_accepted is False
    assert check.failure is OutcomeCategory.API
    key_step = check.steps[-1]
    assert key_step.status is StepStatus.FAIL and "3900" in key_step.detail


async def test_the_path_spelling_is_found_and_said(
    tmp_path: Path, sellers_only: SandboxServer
) -> None:
    async with qa_workspace(tmp_path, sellers_only.url, sellers_only.api_key) as workspace:
        check = await workspace.check_environment(workspace.choose("qa"))
    assert check.ok and check.verify_spelling == "sellers" and check.key_accepted is True
    assert _steps(check)["verify path"] is StepStatus.WARN


async def test_a_closed_port_fails_at_tcp_and_stops_there(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with qa_workspace(tmp_path, f"http://127.0.0.1:{port}/", "any-key-0000") as workspace:
        check = await workspace.check_environment(workspace.choose("qa"))
    assert check.failure is OutcomeCategory.NETWORK
    steps = _steps(check)
    assert steps["tcp"] is StepStatus.FAIL and steps["key"] is StepStatus.SKIPPED
    assert "refused the connection" in check.steps[1].detail


async def test_a_web_page_instead_of_the_api_fails_the_path_step(
    tmp_path: Path, hostile: HostileServer
) -> None:
    hostile.default = Reply(502, (("Content-Type", "text/html"),), b"<html>Bad Gateway</html>")
    async with qa_workspace(tmp_path, hostile.url, hostile.api_key) as workspace:
        check = await workspace.check_environment(workspace.choose("qa"))
    assert check.failure is OutcomeCategory.HTTP and check.key_accepted is None
    steps = _steps(check)
    assert steps["verify path"] is StepStatus.FAIL and steps["key"] is StepStatus.SKIPPED


async def test_a_session_key_serves_this_session_and_is_never_written(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[environments.qa]\nbase_url = "{sandbox.url}"\n', encoding="utf-8")
    environ = {"NOWGG_CONSOLE_CONFIG": str(config), "NOWGG_CONSOLE_DATA": str(tmp_path / "data")}
    async with Workspace.open(environ=environ, keyring_backend=fail.Keyring()) as workspace:
        qa = workspace.choose("qa")
        assert await workspace.key_source_of(qa) is KeySource.NONE
        workspace.use_session_key(qa, ApiKey(sandbox.api_key))
        assert await workspace.key_source_of(qa) is KeySource.SESSION
        desk = workspace.desk(qa)
        outcome = await desk.lookup(desk.read_query("sbx-paid-unconsumed-0001"))
        assert outcome.ok
        await workspace.flush_history()
    # Nowhere on disk: not in the config, not in the history.
    written = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    assert sandbox.api_key.encode() not in written
