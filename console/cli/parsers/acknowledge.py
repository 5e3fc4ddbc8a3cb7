"""`nowgg-console acknowledge`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun
from .target_options import add_target_options
from .write_options import add_write_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token", help="the subscription purchase's token")
    add_target_options(parser)
    add_write_options(
        parser,
        force_help="acknowledge even when the purchase is unpaid or failed, or its 3-day "
        "deadline has passed (deliberate: now.gg then gives the final answer)",
    )
    parser.set_defaults(run=LazyRun("acknowledge_command", "run_acknowledge"))
