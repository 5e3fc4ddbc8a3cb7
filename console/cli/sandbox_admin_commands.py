"""`nowgg-console sandbox mint|reset|advance`: ask a running sandbox (`sandbox serve`) for
fresh tokens, put it back to its seeded state, or move its clock.

Each is one loopback request to the sandbox's own admin endpoint (`console.sandbox.admin`),
never to a now.gg path, carrying the sandbox's public key and no key of the user's. The
sandbox is named by `--base-url URL` or `--env NAME` (an environment whose base URL is a
served sandbox), else `sandbox serve`'s default address.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from console.sandbox.admin_wire import DEFAULT_SANDBOX_URL

from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError

_NOWGG = "nowgg"


@dataclass(frozen=True)
class _Sandbox:
    url: str
    environment: str | None

    @property
    def named(self) -> str:
        if self.environment is None:
            return self.url
        return f"{self.environment} ({self.url})"


def _sandbox(args: argparse.Namespace) -> _Sandbox:
    if args.base_url is not None:
        return _Sandbox(args.base_url, None)
    if args.env is None:
        return _Sandbox(DEFAULT_SANDBOX_URL, None)
    from console.settings.config import load_settings
    from console.settings.selection import UnknownEnvironment, choose_environment

    try:
        environment = choose_environment(load_settings(), args.env)
    except UnknownEnvironment as error:
        raise UsageError(str(error)) from None
    if environment.base_url is None:
        raise UsageError(
            f"{environment.name} is the embedded sandbox, which lives only as long as one "
            "command: start one that stays with `nowgg-console sandbox serve`, then name it "
            f"with --base-url {DEFAULT_SANDBOX_URL}"
        )
    return _Sandbox(environment.base_url, environment.name)


async def _call(
    sandbox: _Sandbox, action: str, output: Output, form: dict[str, str] | None = None
) -> dict[str, object] | int:
    """The sandbox's reply, or the exit code after saying why there is none."""
    from console.sandbox.admin_client import Failure, SandboxAdminError, call_admin

    try:
        return await call_admin(sandbox.url, action, form)
    except SandboxAdminError as error:
        message = str(error)
        if sandbox.environment is not None and error.failure in (
            Failure.NOT_LOCAL,
            Failure.NOT_A_SANDBOX,
        ):
            message = f"environment {sandbox.environment}: {message}"
        output.note(f"nowgg-console: {message}")
        # Exit 2 only when nothing was sent (the project's rule for usage errors); a server
        # that turned out to be no sandbox is refused like a guard's refusal.
        return {
            Failure.NOT_LOCAL: ExitCode.USAGE,
            Failure.NOT_A_SANDBOX: ExitCode.REFUSED,
            Failure.UNREACHABLE: ExitCode.NETWORK,
            Failure.REFUSED: ExitCode.REFUSED,
        }[error.failure]


async def run_mint(args: argparse.Namespace, output: Output) -> int:
    if args.subscription and args.store != _NOWGG:
        raise UsageError("--subscription makes nowgg purchases: leave --store out")
    sandbox = _sandbox(args)
    form = {
        "count": str(args.count),
        "state": args.state,
        "store": args.store,
        "testOrder": "true" if args.test_order else "false",
        "subscription": "true" if args.subscription else "false",
    }
    reply = await _call(sandbox, "mint", output, form)
    if isinstance(reply, int):
        return reply
    rows = [row for row in _list(reply.get("tokens")) if isinstance(row, dict)]
    if args.json:
        output.json(rows)
        return ExitCode.OK
    plural = "s" * (len(rows) != 1)
    kind = "subscription" if args.subscription else f"{args.store} purchase"
    test = f", test order{plural}" if args.test_order else ""
    lines = [
        f"# {len(rows)} fresh sandbox token{plural} ({args.state} {kind}{plural}{test}) "
        f"from {sandbox.url}"
    ]
    lines += [_tokens_file_line(row) for row in rows]
    output.lines(lines)
    return ExitCode.OK


def _tokens_file_line(row: dict[object, object]) -> str:
    """A worklist line: the token alone, or `token,store,productId,currency` (multi-store)."""
    token, store = str(row.get("token")), str(row.get("store"))
    if store == _NOWGG:
        return token
    return f"{token},{store},{row.get('productId')},{row.get('currency')}"


async def run_reset(args: argparse.Namespace, output: Output) -> int:
    sandbox = _sandbox(args)
    reply = await _call(sandbox, "reset", output)
    if isinstance(reply, int):
        return reply
    if args.json:
        output.json(_without_marker(reply))
        return ExitCode.OK
    output.lines(
        [
            f"The sandbox at {sandbox.named} is back to its seeded state: "
            f"{reply.get('orders')} tokens ({reply.get('subscriptions')} subscriptions), "
            "minted tokens forgotten.",
            f"Its clock is the wall clock again: {_utc(reply.get('clock'))}.",
        ]
    )
    return ExitCode.OK


async def run_advance(args: argparse.Namespace, output: Output) -> int:
    sandbox = _sandbox(args)
    reply = await _call(sandbox, "advance", output, {"hours": repr(args.hours)})
    if isinstance(reply, int):
        return reply
    if args.json:
        output.json(_without_marker(reply))
        return ExitCode.OK
    ahead = reply.get("aheadHours")
    lines = [
        f"The sandbox's clock at {sandbox.named} is now {_utc(reply.get('clock'))}, "
        f"{ahead:g} h ahead of the wall clock."
        if isinstance(ahead, int | float)
        else f"The sandbox's clock at {sandbox.named} is now {_utc(reply.get('clock'))}."
    ]
    events = [event for event in _list(reply.get("events")) if isinstance(event, dict)]
    if not events:
        lines.append("No subscription changed.")
    else:
        lines.append(
            f"{len(events)} subscription event{'s' * (len(events) != 1)} (sent as webhooks "
            "when the sandbox was served with --webhook-url):"
        )
        lines += [
            f"  {_utc(event.get('eventTime'))}  {event.get('notificationType')}  "
            f"{event.get('token')}  order {event.get('orderId')}"
            for event in events
        ]
    output.lines(lines)
    return ExitCode.OK


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _without_marker(reply: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in reply.items() if key not in ("sandbox", "ok")}


def _utc(ms: object) -> str:
    from console.sandbox.clock import utc_text

    if isinstance(ms, int) and not isinstance(ms, bool):
        return utc_text(ms)
    return "an unknown time"
