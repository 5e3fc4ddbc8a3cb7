"""`nowgg-console sandbox serve`: the simulator in the foreground, with its request log."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from typing import TYPE_CHECKING

from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError

if TYPE_CHECKING:
    from console.sandbox.webhooks import WebhookTarget


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
