"""`nowgg-console sandbox orders`: the seeded tokens of the built-in simulator, and what each
one shows (`serve` is in sandbox_serve_command.py, mint/reset/advance in
sandbox_admin_commands.py)."""

from __future__ import annotations

import argparse

from .exit_codes import ExitCode
from .output import Output


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
        output.style.paint(
            "Subscriptions (acknowledge; bought relative to the sandbox's clock):", "bold"
        ),
    ]
    lines += [_entry_line(entry, width) for entry in entries if entry["kind"] == "subscription"]
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
