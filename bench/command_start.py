"""Start-up of the commands scripts call most, each against its yardstick, side by side in one
run:

- `nowgg-console explain 3901` and `nowgg-console --help` against `python -c "import argparse"`
  (they send nothing, so they should cost little more than Python and argparse);
- `nowgg-console verify TOKEN --base-url URL` against a running `sandbox serve`, against
  `python -c "import httpx"` (one request should cost little more than loading the library).
  For scale, one bare httpx async POST to the same sandbox is measured too: what any async
  request costs beyond `import httpx` (httpcore, h11, anyio, asyncio), the console or not;
  `verify` itself sends on httpx's blocking client (console/payments/blocking.py) and runs
  without an event loop (console/cli/one_shot.py), so it pays for neither anyio nor asyncio.

Not a test: run `python bench/command_start.py [--trials 15]`. Every program runs as a new
process from the same interpreter (the venv's), with the same empty environment, config and
data folder of its own; trials alternate the programs (order reversed every other trial) so
a change in the machine's load hits all alike; one warm-up run of each is discarded
(byte-code and disk caches); medians and ratios are shown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SANDBOX_KEY = "sandbox-key-nowgg-console-0000"
TOKEN = "sbx-paid-unconsumed-0001"
# One verifyPurchase with httpx alone: the same request `verify` sends, nothing else.
BARE_POST = """
import asyncio, ssl, sys, httpx
async def post():
    async with httpx.AsyncClient(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)) as client:
        reply = await client.post(
            sys.argv[1] + "v2/seller/order/verifyPurchase",
            data={"purchaseToken": sys.argv[2]},
            headers={"Authorization": sys.argv[3]},
        )
        reply.json()
asyncio.run(post())
"""


@dataclass(frozen=True)
class Program:
    name: str
    argv: Sequence[str]


def _run(program: Program, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        program.argv, env=environment, capture_output=True, check=False, stdin=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{program.name} failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
        )
    return elapsed


def _serve_sandbox(environment: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "console", "sandbox", "serve", "--port", "0"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert server.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = server.stdout.readline().decode(errors="replace")
        for word in line.split():
            if word.startswith("http://127.0.0.1:"):
                return server, word.rstrip(".,")
        if not line and server.poll() is not None:
            break
    server.kill()
    raise SystemExit("the sandbox did not print its URL")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=15, help="runs of each program")
    args = parser.parse_args()
    python = sys.executable
    # What a user types: the installed `nowgg-console` script, not `python -m console` (whose
    # runpy and import-spec machinery no user pays for).
    console = str(Path(python).parent / "nowgg-console")
    with tempfile.TemporaryDirectory(prefix="nowgg-command-start-") as folder:
        root = Path(folder)
        environment = {
            "PATH": os.defpath,
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "NOWGG_CONSOLE_CONFIG": str(root / "config.toml"),
            "NOWGG_CONSOLE_DATA": str(root / "data"),
            "NOWGG_CONSOLE_API_KEY": SANDBOX_KEY,
        }
        server, url = _serve_sandbox(environment)
        try:
            programs = (
                Program("python -c 'import argparse'", [python, "-c", "import argparse"]),
                Program("explain 3901", [console, "explain", "3901"]),
                Program("--help", [console, "--help"]),
                Program("python -c 'import httpx'", [python, "-c", "import httpx"]),
                Program(
                    "verify (sandbox serve)",
                    [console, "verify", TOKEN, "--base-url", url],
                ),
                Program(
                    "bare httpx async POST",
                    [python, "-c", BARE_POST, url, TOKEN, SANDBOX_KEY],
                ),
            )
            for program in programs:
                _run(program, environment)  # warm-up, discarded
            times: dict[str, list[float]] = {program.name: [] for program in programs}
            print(f"load before: {os.getloadavg()[0]:.2f}")
            for trial in range(args.trials):
                order = programs if trial % 2 == 0 else tuple(reversed(programs))
                for program in order:
                    times[program.name].append(_run(program, environment))
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"load after: {os.getloadavg()[0]:.2f}")
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"{args.trials} alternating trials each; medians in ms, [fastest-slowest] spread")
    for name, values in times.items():
        spread = f"[{min(values) * 1000:.0f}-{max(values) * 1000:.0f}]"
        print(f"  {name:32s} {median[name]:8.1f}  {spread}")
    argparse_ms = median["python -c 'import argparse'"]
    httpx_ms = median["python -c 'import httpx'"]
    print("ratios (issue 8 asks ≤ 1.3, ≤ 1.3, ≤ 1.5): of medians, [quartiles of trials' own]")
    argparse_times = times["python -c 'import argparse'"]
    httpx_times = times["python -c 'import httpx'"]
    _ratio("explain / import argparse", times["explain 3901"], argparse_times)
    _ratio("--help  / import argparse", times["--help"], argparse_times)
    _ratio("verify  / import httpx", times["verify (sandbox serve)"], httpx_times)
    bare = median["bare httpx async POST"] / httpx_ms
    print(f"  (for scale: bare httpx async POST / import httpx {bare:.2f}×)")
    print(f"  (argparse {argparse_ms:.0f} ms, httpx {httpx_ms:.0f} ms: the load of the machine)")


def _ratio(name: str, program: list[float], yardstick: list[float]) -> None:
    """The ratio of medians, and the quartiles of the trials' own ratios (each trial runs both
    within a second of each other, so a burst of load hits both alike)."""
    ratio = statistics.median(program) / statistics.median(yardstick)
    paired = sorted(p / y for p, y in zip(program, yardstick, strict=True))
    low, _, high = statistics.quantiles(paired, n=4) if len(paired) > 1 else (ratio,) * 3
    print(f"  {name:32s} {ratio:6.2f}×  [{low:.2f}-{high:.2f}]")


if __name__ == "__main__":
    main()
