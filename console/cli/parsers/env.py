"""`nowgg-console env`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse
from typing import Any

from console.cli import flag_values
from console.payments import MAX_BASE_URL_CHARS, STORE_NAMES
from console.settings import config_values
from console.settings.environments import VERIFY_SPELLINGS

from .lazy_run import LazyRun

_CLEARABLE = ("label", "colour", "timeout", "default_store")
_BASE_URL: dict[str, Any] = {
    "type": flag_values.base_url,
    "help": "http(s), a host (an IDN in its xn-- form), a port from 1 to 65535, no "
    f"user:password@, ?query or #fragment, at most {MAX_BASE_URL_CHARS} characters",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="env_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every environment; * marks the default")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=LazyRun("env_command", "run_list"))
    show = actions.add_parser("show", help="one environment in full")
    show.add_argument("name", type=flag_values.environment_argument)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=LazyRun("env_command", "run_show"))
    add = actions.add_parser("add", help="add an environment")
    add.add_argument("name", type=flag_values.environment_argument, help="1-32 of a-z, 0-9, -")
    add.add_argument("--base-url", required=True, metavar="URL", **_BASE_URL)
    _add_field_options(add)
    add.set_defaults(run=LazyRun("env_command", "run_add"))
    edit = actions.add_parser("edit", help="change some fields of an environment")
    edit.add_argument("name", type=flag_values.environment_argument)
    edit.add_argument("--base-url", metavar="URL", **_BASE_URL)
    _add_field_options(edit)
    edit.add_argument(
        "--clear",
        action="append",
        default=[],
        choices=_CLEARABLE,
        metavar="FIELD",
        help=f"reset a field to its default ({', '.join(_CLEARABLE)}); may repeat",
    )
    edit.set_defaults(run=LazyRun("env_command", "run_edit"))
    remove = actions.add_parser("remove", help="remove an environment and its stored key")
    remove.add_argument("name", type=flag_values.environment_argument)
    remove.set_defaults(run=LazyRun("env_command", "run_remove"))
    check = actions.add_parser(
        "check",
        help="diagnose an environment: DNS, TCP, TLS, the verify path's spelling, the key",
    )
    check.add_argument(
        "name", nargs="?", type=flag_values.environment_argument, help="default: the default"
    )
    check.add_argument("--all", action="store_true", help="every environment, one by one")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(run=LazyRun("env_check_command", "run_check"))
    use = actions.add_parser("use", help="make an environment the default for later runs")
    use.add_argument("name", type=flag_values.environment_argument)
    use.set_defaults(run=LazyRun("env_command", "run_use"))


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    # Each option is checked by the config file's own rule for its field, as it is read.
    parser.add_argument(
        "--label",
        type=flag_values.setting("--label", config_values.label),
        help=f"a label shown in the banner, at most {config_values.MAX_LABEL_LENGTH} characters",
    )
    parser.add_argument(
        "--colour",
        "--color",
        dest="colour",
        type=flag_values.setting("--colour", config_values.colour),
        help="red, green, yellow, blue, magenta, cyan, white, purple, violet, or #rrggbb",
    )
    parser.add_argument(
        "--production",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="mark it production: strong banner, typed confirmation",
    )
    parser.add_argument(
        "--read-only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="allow lookups only, never a consume",
    )
    parser.add_argument(
        "--timeout",
        type=flag_values.seconds("--timeout"),
        metavar="S",
        help=f"reply timeout in seconds, above 0 and at most {config_values.MAX_TIMEOUT_S:g}",
    )
    parser.add_argument("--default-store", choices=STORE_NAMES, help="the store it assumes")
    parser.add_argument(
        "--verify-path",
        choices=VERIFY_SPELLINGS,
        help="the verify path's spelling this host answers: seller (the default) or sellers "
        "(a verify answered code 150 finds and records it by itself)",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="accept a plain http:// base URL to another machine for a production "
        "environment: the API key then travels in clear text (refused without it)",
    )
