"""`nowgg-console sandbox serve`: the simulator in the foreground, with its request log."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from . import flag_values
from .common import Output, SubCommands
from .exit_codes import ExitCode


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
        )
    except SandboxError as error:
        output.note(f"nowgg-console: {error}")
        return ExitCode.USAGE
    finally:
        signal.signal(signal.SIGINT, previous)
    return ExitCode.OK
