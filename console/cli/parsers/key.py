"""`nowgg-console key`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from console.cli import flag_values

from .lazy_run import LazyRun


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    store = actions.add_parser(
        "set",
        help="store an environment's key (hidden prompt, or standard input); `key set history`"
        " stores the shared history's database password",
    )
    store.add_argument(
        "env",
        type=flag_values.environment_argument,
        help="the environment, e.g. production; or history (the shared history's password)",
    )
    store.set_defaults(run=LazyRun("key_command", "run_set"))
    delete = actions.add_parser("delete", help="delete an environment's key from the keyring")
    delete.add_argument("env", type=flag_values.environment_argument)
    delete.set_defaults(run=LazyRun("key_command", "run_delete"))
    status = actions.add_parser("status", help="each environment: key present, where from")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(run=LazyRun("key_command", "run_status"))
