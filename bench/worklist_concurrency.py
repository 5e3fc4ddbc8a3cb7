"""A 200-token worklist against a sandbox that takes 50 ms per reply: verified with bounded
concurrency against one by one, side by side in one run.

Not a test: run `python bench/worklist_concurrency.py [--tokens 200] [--delay 0.05]
[--concurrency 8] [--rounds 3]`. Both ways go through the public `verify_all` and a real
`Desk` over loopback HTTP, so the figures include parsing, decoding and the client; no
history is written (the desk has no recorder), so disk speed does not blur them. Rounds
alternate the two ways so a change in the machine's load hits both alike; medians are shown.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.desk import Desk  # after the path fix, so a plain `python bench/…` works
from console.desk.worklist import DEFAULT_CONCURRENCY, WorklistItem, verify_all
from console.sandbox.catalogue import orders_as_json
from console.sandbox.server import SandboxServer
from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.settings.keys import KeyResolver


def _items(count: int) -> list[WorklistItem]:
    """Seeded orders (not faults, whose own delays would swamp the sandbox's), repeated."""
    orders = [row for row in orders_as_json() if row["kind"] == "order"]
    items = []
    for number in range(count):
        row = orders[number % len(orders)]
        items.append(
            WorklistItem(
                line=number + 1,
                token=str(row["token"]),
                store=str(row["store"]),
                product_id=str(row["productId"]) if row["productId"] else None,
                currency=str(row["currency"]) if row["currency"] else None,
            )
        )
    return items


async def _timed(desk: Desk, items: list[WorklistItem], concurrency: int) -> float:
    started = time.perf_counter()
    outcomes = await verify_all(desk, items, concurrency=concurrency)
    elapsed = time.perf_counter() - started
    failed = [outcome.raw_token for outcome in outcomes if not outcome.ok]
    if failed:
        raise SystemExit(f"{len(failed)} lookups failed, e.g. {failed[0]}: not a fair run")
    return elapsed


async def _run(args: argparse.Namespace) -> None:
    items = _items(args.tokens)
    with SandboxServer(delay_s=args.delay) as sandbox:
        environment = Environment(
            name="bench", base_url=sandbox.url, label="bench", colour="yellow"
        )
        keys = KeyResolver({key_variable("bench"): sandbox.api_key})
        async with Desk(environment, keys=keys) as desk:
            await _timed(desk, items[:4], args.concurrency)  # warm up: connection, imports
            serial: list[float] = []
            bounded: list[float] = []
            for _ in range(args.rounds):
                bounded.append(await _timed(desk, items, args.concurrency))
                serial.append(await _timed(desk, items, 1))
    one_by_one = statistics.median(serial)
    together = statistics.median(bounded)
    print(
        f"{args.tokens} tokens, sandbox delay {args.delay * 1000:.0f} ms per reply, "
        f"median of {args.rounds} rounds"
    )
    bounded_label = f"verify_all (concurrency {args.concurrency})"
    print(f"  {'one by one (concurrency 1)':<32}{one_by_one:8.2f} s")
    print(f"  {bounded_label:<32}{together:8.2f} s")
    print(f"  {'ratio one-by-one / bounded':<32}{one_by_one / together:8.2f} x")
    print(
        f"  floor: {args.tokens} x {args.delay * 1000:.0f} ms / {args.concurrency} = "
        f"{args.tokens * args.delay / args.concurrency:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per reply")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(_run(parser.parse_args()))


if __name__ == "__main__":
    main()
