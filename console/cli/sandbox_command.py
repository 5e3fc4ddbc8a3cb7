"""`nowgg-console sandbox serve|orders`: the built-in simulator, for QA and tests."""

from __future__ import annotations

import argparse

from .common import Output, SubCommands
from .exit_codes import ExitCode


def add_parser(commands: SubCommands) -> None:
    parser = commands.add_parser(
        "sandbox",
        help="run the built-in now.gg simulator, list its seeded tokens, mint fresh ones",
        description="The sandbox simulates verifyPurchase, consumePurchase and "
        "acknowledgePurchase over real HTTP on loopback, with seeded orders in every state "
        "and store, seeded subscriptions, tokens that inject faults, a clock of its own and "
        "the webhooks of its subscriptions. It needs no account and no key of yours.",
    )
    actions = parser.add_subparsers(dest="sandbox_action", metavar="ACTION", required=True)
    # Imported here, below the module's imports, which other work reorders for start-up speed.
    from . import sandbox_admin_commands, sandbox_serve_command

    sandbox_serve_command.add_parser(actions)
    orders = actions.add_parser("orders", help="the seeded tokens and what each one shows")
    orders.add_argument("--json", action="store_true", help="print JSON")
    orders.set_defaults(run=run_orders)
    sandbox_admin_commands.add_parsers(actions)


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
