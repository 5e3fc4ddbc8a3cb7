"""Peak memory of one verify: a plain reply beside each compression bomb, in one run.

Not a test: run `python bench/peak_rss.py [--trials 3]`. Each trial is a fresh child process
(`tests/integration/rss_child.py`) making one verify through the real client against the
hostile loopback server; the child's peak resident memory is read with `wait4` once it exits,
so the figure is that process's own high-water mark, interpreter and imports included. The
plain reply is the baseline: a bounded decoder keeps every bomb near it (ratio ~1.0), where an
unbounded one grows with what the bomb expands to (gigabytes). Medians over the trials.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# After the path fix, so a plain `python bench/…` works.
from tests.hostile_server import HostileServer, Reply, purchase_envelope
from tests.integration.bombs import bombs
from tests.integration.peak_memory import MIB, verify_in_child

PLAIN = json.dumps(purchase_envelope()).encode()


def cases() -> list[tuple[str, Reply, int]]:
    """(name, reply, bytes it decodes to): the baseline, an honest gzip, then the bombs."""
    honest_gzip = Reply(
        headers=(("Content-Type", "application/json"), ("Content-Encoding", "gzip")),
        body=gzip.compress(PLAIN),
    )
    found = [("plain", Reply(body=PLAIN), len(PLAIN)), ("honest gzip", honest_gzip, len(PLAIN))]
    found += [(f"bomb: {bomb.name}", bomb.reply, bomb.decoded_size) for bomb in bombs()]
    return found


def measure(reply: Reply, trials: int) -> tuple[float, str]:
    """The median peak RSS in MiB over `trials` children, and what the last one answered."""
    peaks: list[float] = []
    outcome = ""
    with HostileServer() as server:
        server.default = reply
        for _ in range(trials):
            measured = verify_in_child(server.url)
            peaks.append(measured.peak_bytes / MIB)
            outcome = "read" if measured.outcome.get("ok") else str(measured.outcome.get("kind"))
    return statistics.median(peaks), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3, help="children per case (default 3)")
    args = parser.parse_args()
    rows = []
    baseline = 0.0
    for name, reply, decoded in cases():
        peak, outcome = measure(reply, args.trials)
        baseline = baseline or peak
        rows.append((name, len(reply.body), decoded, outcome, peak, peak / baseline))
    print(f"peak RSS of one verify in a fresh process, median of {args.trials} trial(s)\n")
    header = ("reply", "on the wire", "decodes to", "outcome", "peak", "ratio")
    print(f"{header[0]:<22}{header[1]:>13}{header[2]:>14}  {header[3]:<16}{header[4]:>10}", end="")
    print(f"{header[5]:>8}")
    for name, wire, decoded, outcome, peak, ratio in rows:
        print(
            f"{name:<22}{wire:>11,} B{_size(decoded):>14}  {outcome:<16}"
            f"{peak:>6.1f} MiB{ratio:>7.2f}x"
        )


def _size(size: int) -> str:
    if size >= 1 << 30:
        return f"{size / (1 << 30):.2f} GiB"
    if size >= MIB:
        return f"{size / MIB:.0f} MiB"
    return f"{size:,} B"


if __name__ == "__main__":
    main()
