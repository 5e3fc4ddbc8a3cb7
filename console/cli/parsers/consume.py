"""`nowgg-console consume`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun
from .target_options import add_target_options
from .write_options import add_write_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token", help="the purchase token")
    add_target_options(parser)
    parser.add_argument(
        "--developer-payload", metavar="X", help="developerPayload to send with the consume"
    )
    add_write_options(
        parser,
        force_help="consume even when the purchase is unpaid, failed or already consumed "
        "(deliberate; never needed in normal work)",
    )
    parser.set_defaults(run=LazyRun("consume_command", "run_consume"))
