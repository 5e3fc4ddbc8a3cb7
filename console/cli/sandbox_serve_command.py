"""`nowgg-console sandbox serve`: the simulator in the foreground, with its request log."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from typing import TYPE_CHECKING

from . import flag_values, sandbox_flag_values
from .common import Output, SubCommands
from .exit_codes import ExitCode
from .targets import UsageError

if TYPE_CHECKING:
    from console.sandbox.webhooks import WebhookTarget


def add_parser(actions: SubCommands) -> None:
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
    serve.set_defaults(run=run_serve)


async def run_serve(args: argparse.Namespace, output: Output) -> int:
    from console.sandbox.routes import VerifySpelling
    from console.sandbox.server import SandboxError, serve_forever

    writing = threading.Lock()  # the server's thread logs while this one announces

    def announce(line: str) -> None:
        with writing:
            output.out.write(line + "\n")
            output.out.flush()

    def log(line: str) -> None:
        # stdout closed under a running server: serving matters more than its log.
        with contextlib.suppress(OSError, ValueError):
            announce(line)

    spelling = None if args.only_verify_path is None else VerifySpelling(args.only_verify_path)
    webhooks = _webhook_target(args)
    # asyncio.run answers the first Ctrl+C by cancelling this coroutine, which never comes to
    # an await while it serves: the second Ctrl+C would be needed. Python's own handler raises
    # KeyboardInterrupt in the serving loop at once, which stops the server cleanly.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        serve_forever(
            args.host,
            args.port,
            delay_s=args.delay_ms / 1000,
            only_verify_path=spelling,
            announce=announce,
            log=None if args.quiet else log,
            webhooks=webhooks,
            period_hours=args.subscription_period_hours,
        )
    except SandboxError as error:
        output.note(f"nowgg-console: {error}")
        return ExitCode.USAGE
    finally:
        signal.signal(signal.SIGINT, previous)
    return ExitCode.OK


def _webhook_target(args: argparse.Namespace) -> WebhookTarget | None:
    from console.sandbox.webhooks import RetrySchedule, WebhookTarget

    tuning = {
        "--webhook-key": args.webhook_key,
        "--webhook-retries": args.webhook_retries,
        "--webhook-backoff-ms": args.webhook_backoff_ms,
        "--webhook-timeout": args.webhook_timeout,
    }
    if args.webhook_url is None:
        given = [flag for flag, value in tuning.items() if value is not None]
        if given:
            verb = "needs" if len(given) == 1 else "need"
            raise UsageError(f"{', '.join(given)} {verb} --webhook-url (where to deliver)")
        return None
    if args.webhook_key is None:
        raise UsageError(
            "--webhook-url needs --webhook-key: now.gg sends its webhook key in Authorization"
        )
    default = RetrySchedule()
    schedule = RetrySchedule(
        retries=default.retries if args.webhook_retries is None else args.webhook_retries,
        first_backoff_s=default.first_backoff_s
        if args.webhook_backoff_ms is None
        else args.webhook_backoff_ms / 1000,
        timeout_s=default.timeout_s if args.webhook_timeout is None else args.webhook_timeout,
    )
    return WebhookTarget(args.webhook_url, args.webhook_key, schedule)
