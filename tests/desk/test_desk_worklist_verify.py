"""verify_all: bounded concurrency, input order, progress callbacks, cancellation."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from console.desk import Desk, LookupOutcome, PurchaseQuery, QueryInput, read_query
from console.desk.worklist import WorklistItem, verify_all


class FakeDesk:
    """Answers each token after a delay chosen per token, counting lookups in flight."""

    def __init__(self, delays: dict[str, float]) -> None:
        self.delays = delays
        self.in_flight = 0
        self.most_in_flight = 0
        self.started: list[str] = []
        self.cancelled = 0

    def read_query(
        self,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
    ) -> QueryInput:
        return read_query(token, store=store, product_id=product_id, currency=currency)

    async def lookup(self, query: QueryInput, *, note: str | None = None) -> LookupOutcome:
        assert isinstance(query, PurchaseQuery)
        token = query.token
        fields = {
            "store": query.store.value,
            "product_id": query.product_id,
            "currency": query.currency,
            "note": note,
        }
        self.started.append(token)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delays.get(token, 0.0))
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1
        # Only the token matters to these tests; a real outcome is checked against the sandbox.
        return cast(LookupOutcome, ("outcome", token, fields))


def _items(count: int) -> list[WorklistItem]:
    return [WorklistItem(line=n + 1, token=f"tok-{n:03d}") for n in range(count)]


async def test_results_come_in_input_order_whatever_order_they_finish_in() -> None:
    items = _items(6)
    # The first items are the slowest, so they finish last.
    desk = FakeDesk({item.token: 0.06 - 0.01 * n for n, item in enumerate(items)})
    finished: list[int] = []
    results = await verify_all(
        cast(Desk, desk), items, concurrency=6, on_result=lambda i, _: finished.append(i)
    )
    assert [result[1] for result in cast(list[tuple[str, str, object]], results)] == [
        item.token for item in items
    ]
    assert finished == [5, 4, 3, 2, 1, 0]


async def test_at_most_concurrency_lookups_are_in_flight() -> None:
    desk = FakeDesk({f"tok-{n:03d}": 0.01 for n in range(40)})
    await verify_all(cast(Desk, desk), _items(40), concurrency=8)
    assert desk.most_in_flight == 8
    desk = FakeDesk({f"tok-{n:03d}": 0.005 for n in range(5)})
    await verify_all(cast(Desk, desk), _items(5), concurrency=1)
    assert desk.most_in_flight == 1


async def test_store_fields_and_note_reach_the_desk() -> None:
    desk = FakeDesk({})
    item = WorklistItem(1, "sbx-xiaomi-0006", "xiaomi", "com.example.gems.500", "INR")
    (result,) = await verify_all(cast(Desk, desk), [item], note="QA-77")
    assert cast(tuple[str, str, dict[str, object]], result)[2] == {
        "store": "xiaomi",
        "product_id": "com.example.gems.500",
        "currency": "INR",
        "note": "QA-77",
    }


async def test_cancelling_stops_lookups_in_flight_and_never_starts_the_rest() -> None:
    desk = FakeDesk({f"tok-{n:03d}": 10.0 for n in range(20)})
    task = asyncio.create_task(verify_all(cast(Desk, desk), _items(20), concurrency=4))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(desk.started) == 4
    assert desk.cancelled == 4 and desk.in_flight == 0


async def test_an_empty_list_needs_no_lookup_and_a_zero_concurrency_is_refused() -> None:
    assert await verify_all(cast(Desk, FakeDesk({})), []) == []
    with pytest.raises(ValueError, match="at least 1"):
        await verify_all(cast(Desk, FakeDesk({})), _items(1), concurrency=0)
