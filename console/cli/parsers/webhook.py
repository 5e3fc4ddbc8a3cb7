"""`nowgg-console webhook`'s arguments, added when it is the command that runs."""

from __future__ import annotations

import argparse

from console.cli import flag_values

from .lazy_run import LazyRun

_ENV_HELP = (
    "whose webhook key to use: NOWGG_CONSOLE_WEBHOOK_KEY_<ENV>, else the OS keyring "
    "(`webhook key ENV`); default sandbox"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="webhook_action", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send",
        help="post a realistic notification to a studio endpoint and judge its answer",
    )
    send.add_argument(
        "type",
        type=flag_values.notification_type,
        metavar="TYPE",
        help="SUBSCRIPTION_PURCHASED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_CANCELLED, "
        "SUBSCRIPTION_EXPIRED or WEBSHOP_ITEM_PURCHASED (any case)",
    )
    send.add_argument(
        "--to",
        required=True,
        metavar="URL",
        type=flag_values.webhook_url,
        help="the studio's endpoint (development or staging)",
    )
    send.add_argument("--order-id", type=flag_values.order_id, metavar="ID")
    send.add_argument("--env", type=flag_values.environment, metavar="NAME", help=_ENV_HELP)
    send.add_argument(
        "--timeout",
        type=flag_values.seconds("--timeout"),
        metavar="S",
        help="seconds to wait for the endpoint's answer (default 5)",
    )
    send.add_argument("--json", action="store_true", help="print JSON")
    send.set_defaults(run=LazyRun("webhook_command", "run_send"))
    listen = actions.add_parser(
        "listen",
        help="receive notifications on loopback, check their key, answer as a studio should",
    )
    listen.add_argument(
        "--port",
        type=flag_values.port,
        default=0,
        metavar="N",
        help="the loopback port (default: any free one, printed)",
    )
    listen.add_argument("--env", type=flag_values.environment, metavar="NAME", help=_ENV_HELP)
    listen.add_argument("--json", action="store_true", help="one JSON object a line")
    listen.set_defaults(run=LazyRun("webhook_command", "run_listen"))
    key = actions.add_parser(
        "key", help="store an environment's webhook key (hidden prompt, or standard input)"
    )
    key.add_argument("env", type=flag_values.environment_argument, help="the environment")
    key.set_defaults(run=LazyRun("webhook_command", "run_key"))
