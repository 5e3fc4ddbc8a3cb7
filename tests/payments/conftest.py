"""Fixtures of the payments tests: loopback servers that answer with chosen bytes, and a key."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from console.payments.apikey import ApiKey
from tests.payments.payments_loopback import SECRET, Handler, RawServer, Serve, answer


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loopback tests must never be routed through a proxy set in the environment.
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api_key() -> ApiKey:
    return ApiKey(SECRET)


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    servers: list[RawServer] = []

    async def start(reply: Handler | bytes) -> RawServer:
        handler = answer(reply) if isinstance(reply, bytes) else reply
        server = await RawServer(handler).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()
