"""A history entry to vary per test, and the time it starts from. A module of its own, not
the conftest: test files import these names, and `from conftest import …` would find
whichever package's conftest was imported first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from console.history import Action, HistoryEntry, Outcome

T0 = datetime(2024, 10, 30, 6, 8, 1, tzinfo=UTC)

EntryFactory = Callable[..., HistoryEntry]


def make_history_entry(**overrides: Any) -> HistoryEntry:
    base = HistoryEntry(
        id=None,
        at=T0,
        operator="alice",
        environment="sandbox",
        host="127.0.0.1:8765",
        action=Action.VERIFY,
        token="tok-0001",
        store="nowgg",
        outcome=Outcome.OK,
        code=0,
        request={
            "method": "POST",
            "url": "http://127.0.0.1:8765/v2/seller/order/verifyPurchase",
            "headers": {"Authorization": "••••1a2b"},
            "form": {"purchaseToken": "tok-0001"},
        },
        reply={"success": True, "code": 0, "codeMsg": "success", "data": {"orderId": "1-1"}},
        latency_ms=12.5,
    )
    return replace(base, **overrides)
