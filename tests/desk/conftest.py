"""A desk for a configured "qa" environment pointing at the shared loopback sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from console.desk import Desk
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver


@pytest.fixture
async def qa_desk(sandbox: SandboxServer) -> AsyncIterator[Desk]:
    environment = Environment(name="qa", base_url=sandbox.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    async with Desk(environment, keys=keys) as desk:
        yield desk
