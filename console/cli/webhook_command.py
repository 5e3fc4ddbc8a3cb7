"""`nowgg-console webhook send|listen|key`: the studio's side of now.gg's webhooks.

The webhook key is its own kind of key (settings/webhook_keys.py). Both directions refuse,
before anything is sent or served, a webhook key that is the environment's payments API key:
now.gg never sends one where the other belongs, and neither does this console.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
import threading
from datetime import UTC, datetime

from console.payments import ApiKey
from console.settings.keys import KeyUnavailable
from console.settings.webhook_keys import resolve_webhook_key, store_webhook_key
from console.webhooks.listener import Received, WebhookListener, as_json_line
from console.webhooks.notifications import NotificationType, sample
from console.webhooks.sender import send

from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError

DEFAULT_ENV = "sandbox"


def _webhook_key(name: str, output: Output) -> ApiKey:
    """The environment's webhook key, refused when it is its payments key."""
    try:
        key = resolve_webhook_key(name)
    except KeyUnavailable as problem:
        ways = "; ".join(problem.ways_out)
        raise UsageError(f"{problem.reason} ({ways})") from None
    output.secrets = lambda: [key.reveal()]
    if key.reveal() in _payments_keys(name):
        raise UsageError(
            f"the webhook key of {name!r} is its payments API key: now.gg sends a webhook key "
            "of its own (nowStudio's webhook settings), never the payments key, so this "
            "console will not send or accept that one as the other"
        )
    return key


def _payments_keys(name: str) -> set[str]:
    """The payments keys this environment may use, as far as they can be found (a keyring
    that cannot be read hides none worth refusing over)."""
    from console.sandbox.keys import SANDBOX_API_KEY
    from console.settings.config import load_settings
    from console.settings.keys import KeyResolver

    found = {SANDBOX_API_KEY} if name == DEFAULT_ENV else set()
    environment = load_settings().find(name)
    if environment is not None:
        with contextlib.suppress(KeyUnavailable):
            found.add(KeyResolver().resolve(environment).reveal())
    return found


async def run_send(args: argparse.Namespace, output: Output) -> int:
    name = args.env or DEFAULT_ENV
    key = _webhook_key(name, output)
    notification = sample(
        NotificationType(args.type), now=datetime.now(UTC), order_id=args.order_id
    )
    verdict = await send(args.to, key.reveal(), notification, timeout_s=args.timeout or 5.0)
    if args.json:
        output.json(
            {
                "accepted": verdict.accepted,
                "why": verdict.why,
                "status": verdict.status,
                "answer": verdict.answer,
                "latencyMs": round(verdict.latency_ms, 1) if verdict.latency_ms else None,
                "sent": notification,
            }
        )
    else:
        tone = "good" if verdict.accepted else "bad"
        status = f"HTTP {verdict.status}" if verdict.status is not None else "no answer"
        output.lines(
            [
                f"Sent {args.type} to {args.to} with the webhook key of {name!r} ({key.masked}):",
                "  " + json.dumps(notification),
                f"Answer: {status}" + (f"  {verdict.answer}" if verdict.answer else ""),
                output.style.paint(
                    ("Accepted: " if verdict.accepted else "Not accepted: ") + verdict.why, tone
                ),
            ]
        )
    return ExitCode.OK if verdict.accepted else ExitCode.NETWORK


def run_listen(args: argparse.Namespace, output: Output) -> int:
    name = args.env or DEFAULT_ENV
    key = _webhook_key(name, output)
    # Requests arrive on the server's threads; one lock keeps their lines whole.
    lock = threading.Lock()

    def said(received: Received) -> None:
        with lock:
            if args.json:
                output.out.write(as_json_line(received) + "\n")
                output.out.flush()
            else:
                tone = "good" if received.status == 200 else "bad"
                output.lines([output.style.paint(received.line, tone)])

    listener = WebhookListener(key.reveal(), said, port=args.port)
    output.note(
        f"Listening for webhooks on {listener.url} (loopback only), checking the webhook key "
        f"of {name!r} ({key.masked}); Ctrl+C stops."
    )
    try:
        listener.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()
    return ExitCode.OK


def run_key(args: argparse.Namespace, output: Output) -> int:
    from console.settings.keyring_errors import KeyringUnavailable

    if sys.stdin.isatty():
        text = getpass.getpass(f"Webhook key for {args.env} (input hidden): ")
    else:
        text = sys.stdin.readline()
    try:
        key = ApiKey(text)
    except ValueError as error:
        raise UsageError(f"that is not a usable key: {error}") from None
    if key.reveal() in _payments_keys(args.env):
        raise UsageError("that is the environment's payments API key, not its webhook key")
    try:
        backend = store_webhook_key(args.env, key)
    except KeyringUnavailable as error:
        output.note(f"nowgg-console: {error.reason}")
        return ExitCode.UNAVAILABLE
    output.lines([f"Stored the webhook key for {args.env!r} ({key.masked}) in {backend}."])
    return ExitCode.OK
