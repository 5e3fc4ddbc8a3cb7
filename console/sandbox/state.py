"""The sandbox's in-memory orders: what verify reads and consume changes.

The server answers from its own event-loop thread while tests and the CLI reset it from
others, and two consumes of one token may race (that is a case the console must survive), so
every read and every check-and-change happens under one lock.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from dataclasses import replace
from enum import Enum
from types import MappingProxyType

from console.sandbox.faults import CONSUME_FAULT_ORDERS, SLOW_ORDER
from console.sandbox.orders import SEED_ORDERS, SeedOrder

DEFAULT_SEEDS: tuple[SeedOrder, ...] = (*SEED_ORDERS, SLOW_ORDER, *CONSUME_FAULT_ORDERS)


class ConsumeOutcome(Enum):
    CONSUMED = "consumed"
    NOT_FOUND = "not found"
    NOT_PAID = "not paid"
    """Unpaid (0) or failed (2): nothing was bought, so nothing can be consumed."""
    ALREADY_CONSUMED = "already consumed"


class SandboxState:
    """Token → the order as it is now; `reset()` brings back the seeds."""

    def __init__(self, seeds: Iterable[SeedOrder] = DEFAULT_SEEDS) -> None:
        self._seeds = tuple(seeds)
        self._lock = threading.Lock()
        self._orders: dict[str, SeedOrder] = {}
        self._data: dict[str, dict[str, object]] = {}
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._orders = {seed.token: seed for seed in self._seeds}
            # Deep copies: a consume must never reach the frozen seeds or another state.
            self._data = {seed.token: copy.deepcopy(dict(seed.data)) for seed in self._seeds}

    def get(self, token: str) -> SeedOrder | None:
        """The order as it is now, with a private copy of its data; None when unknown."""
        with self._lock:
            seed = self._orders.get(token)
            if seed is None:
                return None
            data = copy.deepcopy(self._data[token])
        return replace(seed, data=MappingProxyType(data))

    def consume(self, token: str, developer_payload: str | None = None) -> ConsumeOutcome:
        """Mark a paid, unconsumed order consumed; check and change are one atomic step."""
        with self._lock:
            data = self._data.get(token)
            if data is None:
                return ConsumeOutcome.NOT_FOUND
            if data.get("purchaseState") != 1:
                return ConsumeOutcome.NOT_PAID
            if data.get("consumptionState") == 1:
                return ConsumeOutcome.ALREADY_CONSUMED
            data["consumptionState"] = 1
            if developer_payload is not None:
                data["developerPayload"] = developer_payload
            return ConsumeOutcome.CONSUMED
