"""What every write command (`consume`, `acknowledge`) takes after its token and target: a dry
run, `--yes` for scripts, and `--force` with the operation's own words for what it overrides."""

from __future__ import annotations

import argparse


def add_write_options(parser: argparse.ArgumentParser, *, force_help: str) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact request (key masked) and send nothing, not even the verify",
    )
    parser.add_argument(
        "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
    )
    parser.add_argument("--force", action="store_true", help=force_help)
