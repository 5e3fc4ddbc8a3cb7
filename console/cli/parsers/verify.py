"""`nowgg-console verify`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun
from .target_options import add_target_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token", help="the purchase token (surrounding spaces are removed)")
    add_target_options(parser)
    parser.add_argument(
        "--all-envs",
        action="store_true",
        help="also look it up, read-only, in every other environment that has a key "
        "(the usual answer to 3901: the wrong environment)",
    )
    parser.add_argument(
        "--as-token",
        action="store_true",
        help="send the text as typed even when it reads as an order id, a Google Play order "
        "number or a code (an e-mail address is never sent)",
    )
    parser.set_defaults(run=LazyRun("verify_command", "run_verify"))
