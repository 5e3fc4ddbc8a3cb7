"""How history searches scale: 100,000 entries against an empty (and a 1,000-entry) history.

Not a test: run `python bench/history_search.py`. The histories are built in a temp folder,
then every query runs against every history in interleaved rounds (so drift in the machine's
load hits them all alike), and the table shows medians and the ratio full/empty. Searches go
through the public `HistoryStore.search`, so the figures include decoding the rows returned.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.history import (  # after the path fix, so a plain `python bench/…` works
    Action,
    HistoryEntry,
    HistoryFilter,
    HistoryStore,
    Outcome,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)
CHUNK = 10_000


def _entries(count: int, seed: int) -> Iterator[HistoryEntry]:
    """A year of realistic traffic: each token verified, often consumed, sometimes again."""
    rng = random.Random(seed)
    made = 0
    serial = 0
    while made < count:
        serial += 1
        token = f"-nowgg-{seed:02d}{serial:010d}{rng.getrandbits(64):016x}"
        order_id = f"1-2024{serial:019d}"
        at = NOW - timedelta(seconds=rng.uniform(0, 365 * 86400))
        for step, action in enumerate(
            rng.choice(
                [
                    [Action.VERIFY],
                    [Action.VERIFY, Action.CONSUME],
                    [Action.VERIFY, Action.CONSUME, Action.VERIFY],
                ]
            )
        ):
            if made == count:
                return
            made += 1
            failed = rng.random() < 0.05
            yield HistoryEntry(
                id=None,
                at=at + timedelta(seconds=step * 20),
                operator="alice",
                environment=rng.choice(["production", "production-cn", "sandbox"]),
                host="payments-api.now.gg",
                action=action,
                token=token,
                store="nowgg",
                order_id=None if failed else order_id,
                outcome=Outcome.API_ERROR if failed else Outcome.OK,
                code=3901 if failed else 0,
                request={
                    "method": "POST",
                    "url": "https://payments-api.now.gg/v2/…",
                    "headers": {"Authorization": "••••1a2b"},
                    "form": {"purchaseToken": token},
                },
                reply={
                    "success": not failed,
                    "code": 3901 if failed else 0,
                    "codeMsg": "success",
                    "data": {
                        "purchaseTime": "1630529397125",
                        "purchaseState": 1,
                        "consumptionState": int(action is Action.CONSUME),
                        "developerPayload": "uid=1234;role=56",
                        "orderId": order_id,
                        "appId": "5566",
                        "kind": "nowgg#productPurchase",
                        "regionCode": "KR",
                        "currency": "KRW",
                        "orderAmount": "25.15",
                        "packageName": "com.example.game",
                        "payStatusTxt": "Paid",
                        "isTestOrder": False,
                        "productId": "gems_100",
                        "purchaseToken": token,
                    },
                },
                latency_ms=rng.uniform(80, 400),
            )


def _build(path: Path, count: int) -> tuple[HistoryStore, float]:
    store = HistoryStore(path)
    started = time.perf_counter()
    batch: list[HistoryEntry] = []
    for entry in _entries(count, seed=count % 97):
        batch.append(entry)
        if len(batch) == CHUNK:
            store.record_many(batch)
            batch.clear()
    if batch:
        store.record_many(batch)
    return store, time.perf_counter() - started


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _p90_ms(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        sizes = {"empty": 0, "1k": 1_000, "full": args.rows}
        stores: dict[str, HistoryStore] = {}
        for name, size in sizes.items():
            stores[name], seconds = _build(Path(folder) / f"{name}.sqlite3", size)
            if size:
                path = stores[name].path
                on_disk = sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*"))
                print(
                    f"built {size:,} entries in {seconds:.2f} s "
                    f"({size / seconds:,.0f}/s, {on_disk / 1e6:.1f} MB with its WAL)"
                )

        # Each history is searched for its own tokens and order ids (the empty one for the
        # full one's), so the 1k and full columns return rows of the same size.
        rng = random.Random(7)
        picks = {
            name: rng.sample(stores[name].search(HistoryFilter(limit=None)), 100)
            for name in ("1k", "full")
        }
        picks["empty"] = picks["full"]
        paths = {name: store.path for name, store in stores.items()}

        def by_token(name: str) -> Callable[[int], int]:
            tokens = [e.token for e in picks[name]]
            return lambda i: len(stores[name].search(HistoryFilter(token=tokens[i % 100])))

        def by_order_id(name: str) -> Callable[[int], int]:
            ids = [e.order_id or "1-none" for e in picks[name]]
            return lambda i: len(stores[name].search(HistoryFilter(order_id=ids[i % 100])))

        def newest(name: str) -> Callable[[int], int]:
            return lambda _i: len(stores[name].search(HistoryFilter()))

        def open_close(name: str) -> Callable[[int], int]:
            def run(_i: int) -> int:
                HistoryStore(paths[name]).close()
                return 0

            return run

        queries = {
            "search by token": by_token,
            "search by order id": by_order_id,
            "list newest 200": newest,
            "open + close store": open_close,
        }
        runners = {(q, n): make(n) for q, make in queries.items() for n in sizes}
        timings: dict[tuple[str, str], list[float]] = {key: [] for key in runners}
        returned: dict[str, list[int]] = {q: [] for q in queries}
        for i in range(5):  # warm the page cache and the statement cache
            for run in runners.values():
                run(i)
        for i in range(args.trials):
            for (q, n), run in runners.items():
                started = time.perf_counter()
                rows = run(i)
                timings[(q, n)].append(time.perf_counter() - started)
                if n == "full":
                    returned[q].append(rows)

        print(
            f"\nmedian ms over {args.trials} interleaved trials; p90 in brackets; "
            "rows = median rows returned from full"
        )
        header = (
            f"{'query':<20} {'rows':>4} {'empty':>7} {'1k':>7} "
            f"{'full (p90)':>15} {'full/empty':>10} {'full/1k':>8}"
        )
        print(header)
        print("-" * len(header))
        for q in queries:
            empty, small, big = (_median_ms(timings[(q, n)]) for n in sizes)
            full_cell = f"{big:.3f} ({_p90_ms(timings[(q, 'full')]):.3f})"
            count = "-" if q == "open + close store" else f"{statistics.median(returned[q]):g}"
            print(
                f"{q:<20} {count:>4} {empty:>7.3f} {small:>7.3f} {full_cell:>15} "
                f"{big / empty:>9.2f}x {big / small:>7.2f}x"
            )
        for store in stores.values():
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
