"""`nowgg-console sandbox serve|orders`: the built-in simulator, for QA and tests."""

from __future__ import annotations

import argparse

from .exit_codes import ExitCode
from .output import Output


async def run_serve(args: argparse.Namespace, output: Output) -> int:
    from console.sandbox.server import SandboxError, serve_forever

    def announce(line: str) -> None:
        output.out.write(line + "\n")
        output.out.flush()

    try:
        serve_forever(args.host, args.port, delay_s=args.delay_ms / 1000, announce=announce)
    except SandboxError as error:
        output.note(f"nowgg-console: {error}")
        return ExitCode.USAGE
    return ExitCode.OK


async def run_orders(args: argparse.Namespace, output: Output) -> int:
    from console.sandbox.catalogue import orders_as_json

    entries = orders_as_json()
    if args.json:
        output.json(entries)
        return ExitCode.OK
    width = max(len(str(entry["token"])) for entry in entries)
    lines = [output.style.paint("Seeded orders:", "bold")]
    lines += [_entry_line(entry, width) for entry in entries if entry["kind"] == "order"]
    lines += ["", output.style.paint("Fault tokens (inject failures):", "bold")]
    lines += [_entry_line(entry, width) for entry in entries if entry["kind"] == "fault"]
    lines += [
        "",
        "Multi-store orders need --store, --product-id and --currency as shown.",
        "Try: nowgg-console verify sbx-paid-unconsumed-0001",
    ]
    output.lines(lines)
    return ExitCode.OK


def _entry_line(entry: dict[str, object], width: int) -> str:
    line = f"  {str(entry['token']).ljust(width)}  {entry['title']}"
    if entry.get("store") not in (None, "nowgg"):
        line += (
            f"  [--store {entry['store']} --product-id {entry.get('productId')} "
            f"--currency {entry.get('currency')}]"
        )
    return line
