"""`nowgg-console sandbox`'s arguments, added when it is the command that runs: serve, orders,
and mint/reset/advance for a running sandbox."""

from __future__ import annotations

import argparse

from console.cli import flag_values, sandbox_flag_values
from console.payments import STORE_NAMES
from console.sandbox.admin_wire import DEFAULT_SANDBOX_URL

from .lazy_run import LazyRun

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Any

_NOWGG = "nowgg"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="sandbox_action", metavar="ACTION", required=True)
    _add_serve(actions)
    orders = actions.add_parser("orders", help="the seeded tokens and what each one shows")
    orders.add_argument("--json", action="store_true", help="print JSON")
    orders.set_defaults(run=LazyRun("sandbox_command", "run_orders"))
    _add_admin(actions)


def _add_serve(actions: Any) -> None:
    serve = actions.add_parser(
        "serve", help="serve the sandbox until interrupted; prints its URL, key and requests"
    )
    serve.add_argument(
        "--host",
        type=flag_values.bind_host,
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1)",
    )
    serve.add_argument(
        "--port",
        type=flag_values.port,
        default=8765,
        help="port, 0 to 65535 (default 8765; 0 = any free one)",
    )
    serve.add_argument(
        "--delay-ms",
        type=flag_values.milliseconds("--delay-ms", flag_values.MAX_DELAY_MS),
        default=0.0,
        metavar="MS",
        help="delay every reply by this many milliseconds, 0 to "
        f"{flag_values.MAX_DELAY_MS:g} (to feel a slow network)",
    )
    serve.add_argument(
        "--only-verify-path",
        choices=["seller", "sellers"],
        help="answer verifyPurchase on this spelling of its path only (v2/seller/… or "
        "v2/sellers/…); the other then answers code 150 like an unknown path. Default: both",
    )
    serve.add_argument(
        "--quiet",
        action="store_true",
        help="print no request log (by default one line per request: time, path, token, "
        "code, HTTP status; never a key)",
    )
    subscriptions = serve.add_argument_group("subscriptions and their webhooks")
    subscriptions.add_argument(
        "--subscription-period-hours",
        type=sandbox_flag_values.period_hours,
        default=sandbox_flag_values.DEFAULT_PERIOD_HOURS,
        metavar="H",
        help="a subscription's period, from acknowledgement to renewal, in hours of the "
        f"sandbox's clock: {sandbox_flag_values.MIN_PERIOD_HOURS:g} to "
        f"{sandbox_flag_values.MAX_HOURS:g} (default "
        f"{sandbox_flag_values.DEFAULT_PERIOD_HOURS:g}, 30 days)",
    )
    subscriptions.add_argument(
        "--webhook-url",
        type=sandbox_flag_values.webhook_url,
        metavar="URL",
        help="deliver the sandbox's subscription webhooks (purchased on acknowledgement, "
        "renewed, cancelled, expired) to this URL, as now.gg would",
    )
    subscriptions.add_argument(
        "--webhook-key",
        type=sandbox_flag_values.webhook_key,
        metavar="KEY",
        help="the webhook key sent in Authorization (required with --webhook-url; never the "
        "payments key)",
    )
    subscriptions.add_argument(
        "--webhook-retries",
        type=sandbox_flag_values.webhook_retries,
        metavar="N",
        help='retries of a webhook not answered HTTP 200 {"success": true}: 0 to '
        f"{sandbox_flag_values.MAX_WEBHOOK_RETRIES} (default 4)",
    )
    subscriptions.add_argument(
        "--webhook-backoff-ms",
        type=sandbox_flag_values.backoff_ms,
        metavar="MS",
        help="the wait before the first retry, doubled before each next one: 0 to "
        f"{sandbox_flag_values.MAX_BACKOFF_MS:g} (default 500: after 0.5, 1, 2, 4 s)",
    )
    subscriptions.add_argument(
        "--webhook-timeout",
        type=sandbox_flag_values.webhook_timeout,
        metavar="S",
        help="seconds one delivery waits for the endpoint's answer: above 0, at most "
        f"{sandbox_flag_values.MAX_WEBHOOK_TIMEOUT_S:g} (default 5)",
    )
    serve.set_defaults(run=LazyRun("sandbox_serve_command", "run_serve"))


def _add_admin(actions: Any) -> None:
    mint = actions.add_parser(
        "mint",
        help="ask a running sandbox for N fresh tokens; prints them as a tokens file",
        description="Mints N new purchases in a running sandbox (`nowgg-console sandbox "
        "serve`), bought now on its clock, and prints them in the tokens-file format the "
        "worklist reads (one per line; multi-store lines as token,store,productId,currency; "
        "a # comment first). Redirect it: `sandbox mint 50 > tokens.txt`.",
    )
    mint.add_argument(
        "count",
        type=sandbox_flag_values.mint_count,
        metavar="N",
        help=f"how many, 1 to {sandbox_flag_values.MAX_MINT}",
    )
    mint.add_argument(
        "--state",
        choices=["paid", "unpaid", "failed"],
        default="paid",
        help="the purchases' state (default paid)",
    )
    mint.add_argument(
        "--store", choices=STORE_NAMES, default=_NOWGG, help="the store (default nowgg)"
    )
    mint.add_argument("--test-order", action="store_true", help="make them test orders")
    mint.add_argument(
        "--subscription",
        action="store_true",
        help="make them subscriptions (nowgg), not acknowledged yet: 3 days from now to do it",
    )
    mint.add_argument("--json", action="store_true", help="print JSON")
    _add_where(mint)
    mint.set_defaults(run=LazyRun("sandbox_admin_commands", "run_mint"))

    reset = actions.add_parser(
        "reset",
        help="put a running sandbox back to its seeded state",
        description="Restores every seeded order and subscription of a running sandbox, "
        "forgets the tokens minted since, and sets its clock back to the wall clock.",
    )
    reset.add_argument("--json", action="store_true", help="print JSON")
    _add_where(reset)
    reset.set_defaults(run=LazyRun("sandbox_admin_commands", "run_reset"))

    advance = actions.add_parser(
        "advance",
        help="move a running sandbox's clock forward (deadlines pass, subscriptions renew)",
        description="Moves the clock of a running sandbox forward: subscriptions not "
        "acknowledged within 3 days are cancelled, acknowledged ones renew at the end of "
        "their period, cancelled ones expire, and the sandbox sends the webhooks of each "
        "(when served with --webhook-url). Prints what happened.",
    )
    advance.add_argument(
        "--hours",
        type=sandbox_flag_values.hours,
        required=True,
        metavar="N",
        help=f"hours to move forward: above 0, at most {sandbox_flag_values.MAX_HOURS:g}",
    )
    advance.add_argument("--json", action="store_true", help="print JSON")
    _add_where(advance)
    advance.set_defaults(run=LazyRun("sandbox_admin_commands", "run_advance"))


def _add_where(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group("which sandbox").add_mutually_exclusive_group()
    where.add_argument(
        "--base-url",
        metavar="URL",
        type=flag_values.base_url,
        help=f"the running sandbox's URL (default {DEFAULT_SANDBOX_URL}, where `sandbox "
        "serve` listens)",
    )
    where.add_argument(
        "--env",
        metavar="NAME",
        type=flag_values.environment,
        help="an environment whose base URL is a running sandbox on this machine",
    )
