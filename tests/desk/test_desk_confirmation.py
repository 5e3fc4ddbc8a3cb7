"""What production asks to be typed before a consume: one rule for the CLI and the console."""

from __future__ import annotations

from dataclasses import replace

from console.desk import Desk
from console.desk.confirmation import NO_ORDER_ID_WORD, typed_confirmation
from console.payments.query import PurchaseQuery


async def test_production_asks_for_the_order_ids_last_four_characters(qa_desk: Desk) -> None:
    plan = await qa_desk.check_consume(PurchaseQuery("sbx-paid-unconsumed-0001"))
    assert plan.allowed and plan.check is not None and plan.check.decoded is not None
    order_id = plan.check.decoded.purchase.order_id
    assert isinstance(order_id, str)
    production = replace(qa_desk.environment, production=True)
    assert typed_confirmation(plan, production) == order_id[-4:]
    assert typed_confirmation(plan, qa_desk.environment) is None  # a yes/no is enough there


async def test_without_an_order_id_production_asks_for_the_word(qa_desk: Desk) -> None:
    plan = await qa_desk.check_consume(PurchaseQuery("sbx-paid-unconsumed-0001"))
    production = replace(qa_desk.environment, production=True)
    assert typed_confirmation(replace(plan, check=None), production) == NO_ORDER_ID_WORD
