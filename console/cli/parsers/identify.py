"""`nowgg-console identify`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text",
        help="what the ticket holds: a token, an order id, a Google Play order number, a "
        "code, … (quote it; wrapped lines and quotes are cleaned)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=LazyRun("identify_command", "run_identify"))
