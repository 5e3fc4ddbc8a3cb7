"""An httpx client on the sandbox's loopback URL, per test, with seeded orders reset."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_wire import client

from console.sandbox.server import SandboxServer


@pytest.fixture
def http(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with client(sandbox.url) as session:
        yield session
