"""`nowgg-console sandbox`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from console.cli import flag_values

from .lazy_run import LazyRun


def add_arguments(parser: argparse.ArgumentParser) -> None:
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
    serve.set_defaults(run=LazyRun("sandbox_command", "run_serve"))
    orders = actions.add_parser("orders", help="the seeded tokens and what each one shows")
    orders.add_argument("--json", action="store_true", help="print JSON")
    orders.set_defaults(run=LazyRun("sandbox_command", "run_orders"))
