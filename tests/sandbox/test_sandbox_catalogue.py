"""The token catalogue for `nowgg-console sandbox orders --json`: shape and stability."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from console.sandbox.catalogue import orders_as_json
from console.sandbox.faults import FAULT_TOKENS
from console.sandbox.orders import SEED_ORDERS
from console.sandbox.subscriptions import SUBSCRIPTION_TITLES

KEYS = ["token", "kind", "title", "store", "productId", "currency"]


def test_every_row_has_the_documented_keys_and_types() -> None:
    rows = orders_as_json()
    assert len(rows) == len(SEED_ORDERS) + len(FAULT_TOKENS) + len(SUBSCRIPTION_TITLES)
    for row in rows:
        assert list(row) == KEYS
        assert row["kind"] in {"order", "fault", "subscription"}
        assert isinstance(row["title"], str) and row["title"] and "\n" not in row["title"]
        assert row["store"] in {"nowgg", "xiaomi", "onestore", "amazon", "huawei"}
        multi = row["store"] != "nowgg"
        assert isinstance(row["productId"], str) is multi
        assert isinstance(row["currency"], str) is multi
    json.dumps(rows)


def test_orders_come_first_then_faults_then_subscriptions() -> None:
    kinds = [row["kind"] for row in orders_as_json()]
    assert kinds == (
        ["order"] * len(SEED_ORDERS)
        + ["fault"] * len(FAULT_TOKENS)
        + ["subscription"] * len(SUBSCRIPTION_TITLES)
    )


def test_tokens_are_unique_readable_and_typeable() -> None:
    tokens = [str(row["token"]) for row in orders_as_json()]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert re.fullmatch(r"sbx-[a-z0-9]+(-[a-z0-9]+)+", token), token


def test_seeds_are_the_same_in_every_run() -> None:
    # A fresh interpreter (another hash seed, another clock) must build identical data.
    script = (
        "import json\n"
        "from console.sandbox.orders import SEED_ORDERS\n"
        "from console.sandbox.catalogue import orders_as_json\n"
        "print(json.dumps([orders_as_json(), [dict(o.data) for o in SEED_ORDERS]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    here = [orders_as_json(), [dict(order.data) for order in SEED_ORDERS]]
    assert json.loads(result.stdout) == here
