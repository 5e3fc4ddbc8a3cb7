"""`nowgg-console acknowledge`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun
from .target_options import add_target_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token", help="the subscription purchase's token")
    add_target_options(parser)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact request (key masked) and send nothing, not even the verify",
    )
    parser.add_argument(
        "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="acknowledge even when the purchase is unpaid or failed, or its 3-day deadline "
        "has passed (deliberate: now.gg then gives the final answer)",
    )
    parser.set_defaults(run=LazyRun("acknowledge_command", "run_acknowledge"))
