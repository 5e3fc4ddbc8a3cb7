"""`nowgg-console worklist`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from console.cli import flag_values

from .lazy_run import LazyRun
from .target_options import add_target_options

_EXIT_CODES = """exit codes of worklist (the most serious one found wins):
  0    every row ended as asked: verified (and, with --consume-paid, every paid and
       not consumed purchase consumed)
  3    a row could not be verified (network, unreadable reply), or a consume's outcome
       is unknown — do not run it again: `history resolve` settles it
  5    the history cannot take a consume's write-ahead entry
  4    a consume was refused (a guard, no confirmation) or a row changed meanwhile
  1    now.gg answered a row with an error code (3901…), or refused a consume
  2    the file cannot be read, or holds lines that are not tokens"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _EXIT_CODES
    parser.add_argument(
        "file",
        metavar="FILE",
        type=flag_values.tokens_file,
        help="the tokens, one a line (`#` comments; token,store,productId,currency for "
        "multi-store); `sandbox mint` writes such a file",
    )
    add_target_options(parser, multi_store=False)
    parser.add_argument(
        "--consume-paid",
        action="store_true",
        help="consume every paid and not consumed purchase of the list, after one "
        "confirmation (production: type their number); each is verified first",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="with --consume-paid: do not ask for confirmation (for CI); without a terminal "
        "and without --yes nothing is consumed",
    )
    parser.set_defaults(run=LazyRun("worklist_command", "run_worklist"))
