"""`nowgg-console sandbox serve|orders`: the built-in simulator, for QA and tests."""

from __future__ import annotations

import argparse

from . import flag_values
from .common import Output, SubCommands
from .exit_codes import ExitCode


def add_parser(commands: SubCommands) -> None:
    parser = commands.add_parser(
        "sandbox",
        help="run the built-in now.gg simulator, or list its seeded tokens",
        description="The sandbox simulates verifyPurchase and consumePurchase over real HTTP "
        "on loopback, with seeded orders in every state and store and tokens that inject "
        "faults. It needs no account and no key of yours.",
    )
    actions = parser.add_subparsers(dest="sandbox_action", metavar="ACTION", required=True)
    serve = actions.add_parser(
        "serve", help="serve the sandbox until interrupted; prints its URL and key"
    )
    serve.add_argument(
        "--host",
        type=flag_values.bind_host,
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1)",
    )
    serve.add_argument(
        "--port",
        type=flag_values.port,
        default=8765,
        help="port, 0 to 65535 (default 8765; 0 = any free one)",
    )
    serve.add_argument(
        "--delay-ms",
        type=flag_values.milliseconds("--delay-ms", flag_values.MAX_DELAY_MS),
        default=0.0,
        metavar="MS",
        help="delay every reply by this many milliseconds, 0 to "
        f"{flag_values.MAX_DELAY_MS:g} (to feel a slow network)",
    )
    serve.add_argument(
        "--only-verify-path",
        choices=["seller", "sellers"],
        help="answer verifyPurchase on this spelling of its path only (v2/seller/… or "
        "v2/sellers/…); the other then answers code 150 like an unknown path. Default: both",
    )
    serve.set_defaults(run=run_serve)
    orders = actions.add_parser("orders", help="the seeded tokens and what each one shows")
    orders.add_argument("--json", action="store_true", help="print JSON")
    orders.set_defaults(run=run_orders)


async def run_serve(args: argparse.Namespace, output: Output) -> int:
    from console.sandbox.routes import VerifySpelling
    from console.sandbox.server import SandboxError, serve_forever

    def announce(line: str) -> None:
        output.out.write(line + "\n")
        output.out.flush()

    spelling = None if args.only_verify_path is None else VerifySpelling(args.only_verify_path)
    try:
        serve_forever(
            args.host,
            args.port,
            delay_s=args.delay_ms / 1000,
            only_verify_path=spelling,
            announce=announce,
        )
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
