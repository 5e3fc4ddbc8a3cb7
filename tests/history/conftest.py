"""Fixtures for the history tests: a store in a temp folder and an entry factory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from console.history import Action, HistoryEntry, HistoryStore, Outcome

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2024, 10, 30, 6, 8, 1, tzinfo=UTC)

EntryFactory = Callable[..., HistoryEntry]


def _entry(**overrides: Any) -> HistoryEntry:
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


@pytest.fixture
def make_entry() -> EntryFactory:
    return _entry


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(history_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore(history_path) as opened:
        yield opened


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child Python that must import `console` from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
