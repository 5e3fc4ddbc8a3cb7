"""The consume form's verdict without a request: the desk's own guards, in their order, on the
lookup already on screen."""

from __future__ import annotations

from dataclasses import replace

from console.desk import RefusalReason, preview_consume
from console.desk.desk import Desk
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.keys import KeyResolver


def _environment(sandbox: SandboxServer, **fields: object) -> Environment:
    return replace(
        Environment("qa", sandbox.url, "QA", "yellow"),
        **fields,  # type: ignore[arg-type]
    )


async def test_guards_in_order_and_force_only_for_state(sandbox: SandboxServer) -> None:
    environment = _environment(sandbox)
    keys = KeyResolver({"NOWGG_CONSOLE_API_KEY_QA": sandbox.api_key})
    async with Desk(environment, keys=keys) as desk:
        paid = await desk.lookup(PurchaseQuery("sbx-paid-unconsumed-0001"))
        consumed = await desk.lookup(PurchaseQuery("sbx-paid-consumed-0002"))
    assert preview_consume(environment, paid).allowed
    refused = preview_consume(environment, consumed)
    assert refused.refusal is not None
    assert refused.refusal.reason is RefusalReason.ALREADY_CONSUMED
    forced = preview_consume(environment, consumed, force=True)
    assert forced.allowed and forced.overridden is not None
    read_only = preview_consume(_environment(sandbox, read_only=True), paid, force=True)
    assert read_only.refusal is not None and read_only.refusal.reason is RefusalReason.READ_ONLY
    amazon = preview_consume(environment, paid, store="amazon", force=True)
    assert amazon.refusal is not None
    assert amazon.refusal.reason is RefusalReason.CLIENT_SIDE_STORE
    assert preview_consume(environment, None).refusal is not None
