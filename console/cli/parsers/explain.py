"""`nowgg-console explain`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from .lazy_run import LazyRun


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", help="the code, e.g. 3901 or -1")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=LazyRun("explain_command", "run_explain"))
