"""The options of every command that calls now.gg (`verify`, `consume`): where to, how long
to wait, the multi-store fields, and `--json`."""

from __future__ import annotations

import argparse

from console.cli import flag_values
from console.payments import MAX_BASE_URL_CHARS, STORE_NAMES
from console.settings import config_values


def add_target_options(parser: argparse.ArgumentParser, *, multi_store: bool = True) -> None:
    """`multi_store`: the store fields as flags (a worklist has them per line instead)."""
    where = parser.add_argument_group("where")
    where.add_argument(
        "--env",
        metavar="NAME",
        type=flag_values.environment,
        help="environment: sandbox (the default: built-in simulator), production, "
        "production-cn, or one added with `env add` (see `env list`); never empty",
    )
    where.add_argument(
        "--base-url",
        metavar="URL",
        type=flag_values.base_url,
        help="a base URL instead of an environment (key from NOWGG_CONSOLE_API_KEY): http(s), "
        "a host (an IDN in its xn-- form), a port from 1 to 65535, no user:password@, "
        f"?query or #fragment, at most {MAX_BASE_URL_CHARS} characters",
    )
    where.add_argument(
        "--note",
        metavar="TEXT",
        help="a ticket note kept with this call in the history (e.g. a ticket number)",
    )
    where.add_argument(
        "--timeout",
        type=flag_values.seconds("--timeout"),
        metavar="S",
        help=f"seconds to wait for a reply, above 0 and at most {config_values.MAX_TIMEOUT_S:g} "
        "(default 15)",
    )
    where.add_argument(
        "--connect-timeout",
        type=flag_values.seconds("--connect-timeout"),
        metavar="S",
        help="seconds to wait for a connection, above 0 and at most "
        f"{config_values.MAX_TIMEOUT_S:g} (default 5)",
    )
    if multi_store:
        _add_store_options(parser)
    parser.add_argument("--json", action="store_true", help="print the stable JSON shape")


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    store = parser.add_argument_group("multi-store purchases")
    store.add_argument("--store", choices=STORE_NAMES, help="the store (default nowgg)")
    store.add_argument("--product-id", metavar="P", help="the product id (multi-store)")
    store.add_argument("--currency", metavar="C", help="the purchase currency (multi-store)")
