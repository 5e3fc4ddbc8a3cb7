"""An httpx client on the sandbox's loopback URL, per test, with seeded orders reset."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import client


@pytest.fixture
def http(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with client(sandbox.url) as session:
        yield session
