"""The CLI's question before a consume: y/N, and in production the order id's last four
characters (or the word `consume` without an order id), as the console's dialog asks."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from console.cli.confirm import ask_consent
from console.desk import ConsumePlan, Desk, Recorder
from console.history import HistoryStore
from console.payments.query import PurchaseQuery
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver


async def _plan(sandbox: SandboxServer, folder: Path) -> tuple[ConsumePlan, Environment]:
    environment = Environment(name="qa", base_url=sandbox.url, label="QA", colour="yellow")
    keys = KeyResolver({key_variable("qa"): sandbox.api_key})
    with HistoryStore(folder / "history.sqlite3") as history:
        async with Desk(environment, keys=keys, recorder=Recorder(history, "qa")) as desk:
            plan = await desk.check_consume(PurchaseQuery("sbx-paid-unconsumed-0001"))
    assert plan.allowed
    return plan, environment


def _ask(plan: ConsumePlan, environment: Environment, answer: str) -> tuple[bool, str]:
    err = io.StringIO()
    consented = ask_consent(plan, environment, "127.0.0.1", io.StringIO(answer), err)
    return consented, err.getvalue()


async def test_outside_production_a_yes_is_enough(sandbox: SandboxServer, tmp_path: Path) -> None:
    plan, environment = await _plan(sandbox, tmp_path)
    consented, said = _ask(plan, environment, "y\n")
    assert consented and "Consume this purchase? [y/N]" in said
    assert "token        sbx-pa…0001" in said
    assert not _ask(plan, environment, "\n")[0]


async def test_production_asks_for_the_order_ids_last_four(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    plan, environment = await _plan(sandbox, tmp_path)
    production = replace(environment, production=True)
    assert plan.check is not None and plan.check.decoded is not None
    order_id = plan.check.decoded.purchase.order_id
    assert isinstance(order_id, str)
    consented, said = _ask(plan, production, f"{order_id[-4:]}\n")
    assert consented and "Type the last 4 characters of the order id" in said
    assert not _ask(plan, production, "y\n")[0]
    without_order_id = replace(plan, check=None)
    consented, said = _ask(without_order_id, production, "consume\n")
    assert consented and "Type 'consume' to consume" in said
