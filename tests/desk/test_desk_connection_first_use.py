"""Many lookups at once on a fresh desk share one client (and one embedded sandbox)."""

from __future__ import annotations

import asyncio

import pytest

from console.desk import Desk
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.settings.environments import builtin_environment


async def test_concurrent_first_lookups_start_the_embedded_sandbox_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starts: list[SandboxServer] = []
    original_start = SandboxServer.start

    def counting_start(self: SandboxServer) -> None:
        starts.append(self)
        original_start(self)

    monkeypatch.setattr(SandboxServer, "start", counting_start)
    environment = builtin_environment("sandbox")
    assert environment is not None
    async with Desk(environment) as desk:
        outcomes = await asyncio.gather(
            *(desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001")) for _ in range(8))
        )
    assert all(outcome.ok for outcome in outcomes)
    assert len(starts) == 1
    assert not starts[0].running
