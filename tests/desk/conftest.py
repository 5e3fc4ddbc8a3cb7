"""A desk for a configured "qa" environment pointing at the shared loopback sandbox, with a
history of its own in the test's folder (without one, a desk may look up but never consume)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from console.desk import Desk, Recorder
from console.history import HistoryStore
from console.sandbox.routes import VerifySpelling
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver


@pytest.fixture
async def qa_desk(sandbox: SandboxServer, tmp_path: Path) -> AsyncIterator[Desk]:
    environment = Environment(name="qa", base_url=sandbox.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    with HistoryStore(tmp_path / "desk-history" / "history.sqlite3") as history:
        recorder = Recorder(history, "qa-operator")
        async with Desk(environment, keys=keys, recorder=recorder) as desk:
            yield desk


@pytest.fixture
def sellers_only() -> Iterator[SandboxServer]:
    """A sandbox answering verify only on the `sellers` spelling of its path (API.md, "Path
    spelling": the vendor's pages disagree on it)."""
    with SandboxServer(only_verify_path=VerifySpelling.SELLERS) as server:
        yield server
