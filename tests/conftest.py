"""Fixtures shared by every test package.

`sandbox_server` is one loopback sandbox for the whole session (starting uvicorn per test
would cost more than most tests); `sandbox` hands it to a test with the seeded orders back in
their first state, so no test sees another's consumes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console.sandbox.server import SandboxServer
from tests.hostile_server import HostileServer

# `real_keyring`: the real Secret Service; `postgres_cluster` / `postgres_url`: a throw-away
# PostgreSQL server — for every test package that needs them.
pytest_plugins = ["tests.keyring_service", "tests.postgres_cluster"]


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> Iterator[SandboxServer]:
    sandbox_server.state.reset()
    yield sandbox_server


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    """A loopback server that answers whatever the test scripts (tests/hostile_server.py)."""
    with HostileServer() as server:
        yield server
