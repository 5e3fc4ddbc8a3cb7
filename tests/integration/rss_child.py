"""One verify through the real client, as its own process, so its peak memory can be read:
`python -m tests.integration.rss_child URL` prints what happened as one JSON line, with its
own peak memory (`peakKib`, None where it cannot be read).

Run by `tests/integration/peak_memory.py` (for the test) and `bench/peak_rss.py`.
"""

from __future__ import annotations

import asyncio
import json
import sys

from console.payments.apikey import ApiKey
from console.payments.client import PaymentsClient, Timeouts
from console.payments.errors import PaymentsError
from console.payments.query import PurchaseQuery
from tests.hostile_server import HOSTILE_KEY


async def verify_once(url: str) -> dict[str, object]:
    async with PaymentsClient(url, ApiKey(HOSTILE_KEY), Timeouts(connect=5, read=30)) as client:
        try:
            result = await client.verify(PurchaseQuery("peak-rss-probe"))
        except PaymentsError as error:
            return {
                "ok": False,
                "kind": error.kind,
                "category": error.category.value,
                "reason": error.reason,
            }
    return {"ok": True, "orderId": result.purchase.order_id}


def own_peak_kib() -> int | None:
    """This process's own high-water RSS (`VmHWM`, Linux), or None where /proc has none.

    Not `ru_maxrss` as the parent reads it: Linux keeps that across exec, so a child of a big
    test runner reports the runner's peak, not its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


if __name__ == "__main__":
    outcome = asyncio.run(verify_once(sys.argv[1]))
    print(json.dumps({**outcome, "peakKib": own_peak_kib()}))
