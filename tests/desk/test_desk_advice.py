"""An anomaly's advice never contradicts a guard on the same screen: no "consume" advice for
a store the game consumes on the client, nor in a read-only environment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from console.desk import Desk, LookupOutcome
from console.payments import AnomalyCode
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver


def advice(outcome: LookupOutcome) -> str:
    assert outcome.decoded is not None, outcome.failure
    (anomaly,) = [a for a in outcome.decoded.anomalies if a.code == AnomalyCode.PAID_NOT_CONSUMED]
    return anomaly.meaning


async def test_a_client_consumed_store_gets_no_consume_advice(qa_desk: Desk) -> None:
    amazon = qa_desk.read_query(
        "sbx-amazon-0008", store="amazon", product_id="com.example.coins.1000", currency="USD"
    )
    said = advice(await qa_desk.lookup(amazon))
    assert "grant it and then consume" not in said and "consume only" not in said
    assert "Amazon purchases are consumed by the game on the device" in said
    # A now.gg purchase keeps the advice to consume.
    nowgg = advice(await qa_desk.lookup(qa_desk.read_query("sbx-paid-unconsumed-0001")))
    assert "grant it and then consume" in nowgg


async def test_a_read_only_environment_gets_no_consume_advice(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    environment = replace(Environment("prod-ro", sandbox.url, "P", "red"), read_only=True)
    keys = KeyResolver({key_variable("prod-ro"): sandbox.api_key})
    async with Desk(environment, keys=keys) as desk:
        said = advice(await desk.lookup(desk.read_query("sbx-paid-unconsumed-0001")))
    assert "then consume" not in said
    assert "prod-ro is read-only here" in said
