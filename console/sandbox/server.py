"""The sandbox served over real HTTP: embedded in a background thread, or in the foreground.

`SandboxServer` binds its own socket before uvicorn starts, so a free port is known at once
(port 0), a busy port fails in the caller with a clear `SandboxError` instead of inside a
thread, and the URL is right even before the first request. uvicorn runs quietly: the CLI and
the TUI embed this, and a log line on the terminal would corrupt their screen.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Final

import uvicorn

from console.sandbox.app import SandboxApp
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.request_log import RequestLog
from console.sandbox.routes import VerifySpelling
from console.sandbox.state import SandboxState
from console.sandbox.subscriptions import DEFAULT_PERIOD_HOURS
from console.sandbox.webhooks import WebhookSender, WebhookTarget
from console.text_safety import printable

LOOPBACK: Final = "127.0.0.1"

_START_TIMEOUT_S: Final = 5.0
_STOP_TIMEOUT_S: Final = 5.0
# A safety net only: held requests are released before stopping, so uvicorn never waits this.
_GRACEFUL_SHUTDOWN_S: Final = 2

_ADDRESS_IN_USE: Final = frozenset({errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)})


class SandboxError(Exception):
    """The sandbox cannot run; the message is one line a person can act on."""


class SandboxServer:
    """The sandbox on `host:port` (port 0: a free one), in a daemon thread.

    Use as a context manager, or `start()` / `stop()`. The state outlives a stop, so a server
    can be started again with the orders as they were.
    """

    def __init__(
        self,
        host: str = LOOPBACK,
        port: int = 0,
        *,
        delay_s: float = 0.0,
        state: SandboxState | None = None,
        api_key: str = SANDBOX_API_KEY,
        only_verify_path: VerifySpelling | None = None,
        log: RequestLog | None = None,
        webhooks: WebhookTarget | None = None,
        webhook_tick_s: float = 1.0,
    ) -> None:
        """`api_key` other than the documented one lets a test play a real, secret key;
        `only_verify_path` serves verify on one spelling only (the other answers 150); `log`
        receives one line per request (`request_log`); `webhooks` is where the subscription
        events are delivered while the server runs (`webhooks`), and `webhook_tick_s` how
        often the clock is looked at between requests then."""
        if webhooks is not None and webhooks.key == api_key:
            raise SandboxError(
                "the webhook key must be a key of its own, not the payments API key: now.gg "
                "never sends the one where the other belongs"
            )
        self._host = host
        self._requested_port = port
        self._delay_s = delay_s
        self._state = state if state is not None else SandboxState()
        self._api_key = api_key
        self._only_verify_path = only_verify_path
        self._log = log
        self._webhooks = webhooks
        self._webhook_tick_s = webhook_tick_s
        self._sender: WebhookSender | None = None
        self._app = self._new_app()
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_key(self) -> str:
        return self._api_key

    @property
    def state(self) -> SandboxState:
        return self._state

    @property
    def app(self) -> SandboxApp:
        return self._app

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def address(self) -> tuple[str, int]:
        """The host and port actually bound; only while started."""
        if self._socket is None:
            raise SandboxError("the sandbox is not started, so it has no address yet")
        bound = self._socket.getsockname()
        return str(bound[0]), int(bound[1])

    @property
    def port(self) -> int:
        return self.address[1]

    @property
    def url(self) -> str:
        """The base URL, with its trailing slash, like the production base URLs."""
        host, port = self.address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        """Bind, start serving, and return once connections are accepted."""
        if self._thread is not None:
            raise SandboxError("the sandbox is already started")
        _quiet_uvicorn()
        sock = _bind(self._host, self._requested_port)
        # A new app per run: a stopped app answers every request at once, by design.
        self._app = self._new_app()
        config = uvicorn.Config(
            self._app,
            interface="asgi3",
            http="h11",  # pure Python, always installed with uvicorn: same behaviour anywhere
            ws="none",
            loop="asyncio",
            lifespan="off",
            log_config=None,  # leave the process's logging alone
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_S,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"nowgg-sandbox-{sock.getsockname()[1]}",
            daemon=True,  # an embedding program must never hang on exit because of it
        )
        self._socket, self._server, self._thread = sock, server, thread
        if self._webhooks is not None:
            sender = WebhookSender(
                self._webhooks, self._log, tick=self._state.catch_up, tick_s=self._webhook_tick_s
            )
            self._sender = sender
            self._state.listen(sender.submit)
            sender.start()
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise SandboxError("the sandbox server did not start")
            time.sleep(0.005)

    def _new_app(self) -> SandboxApp:
        return SandboxApp(
            self._state,
            api_key=self._api_key,
            delay_s=self._delay_s,
            only_verify_path=self._only_verify_path,
            log=self._log,
        )

    def stop(self) -> None:
        """Stop promptly, answering any held request first; safe to call twice."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        sender, self._sender = self._sender, None
        if sender is not None:
            self._state.unlisten(sender.submit)
            sender.stop()
        if server is not None:
            self._app.release_held()
            server.should_exit = True
        if thread is not None:
            thread.join(_STOP_TIMEOUT_S)
        if sock is not None:
            sock.close()

    def wait_for_webhooks(self, timeout: float) -> bool:
        """Wait until every webhook is delivered or given up; False if `timeout` passed first
        (True at once without webhooks)."""
        sender = self._sender
        return sender is None or sender.wait_idle(timeout)

    def join(self, timeout: float | None = None) -> None:
        """Wait until the server thread ends (or `timeout` passes)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    host: str,
    port: int,
    *,
    delay_s: float = 0.0,
    only_verify_path: VerifySpelling | None = None,
    announce: Callable[[str], None],
    log: RequestLog | None = None,
    webhooks: WebhookTarget | None = None,
    period_hours: float = DEFAULT_PERIOD_HOURS,
) -> None:
    """Serve in the foreground until Ctrl+C (`nowgg-console sandbox serve`).

    `log` receives a line per request and per webhook attempt (None: nothing is logged);
    `webhooks` is where subscription events go; `period_hours` is a subscription's period.
    Raises SandboxError when the address cannot be bound or the server dies; returns quietly
    after Ctrl+C.
    """
    server = SandboxServer(
        host,
        port,
        delay_s=delay_s,
        state=SandboxState(period_hours=period_hours),
        only_verify_path=only_verify_path,
        log=log,
        webhooks=webhooks,
    )
    interrupted = False
    try:
        server.start()
        announce(f"now.gg sandbox listening on {server.url}")
        announce(f"API key: {server.api_key}")
        if delay_s > 0:
            announce(f"Every reply is delayed by {delay_s * 1000:.0f} ms.")
        if only_verify_path is not None:
            announce(
                f"verifyPurchase answers on {only_verify_path.path} only; "
                f"{only_verify_path.other.path} answers code 150."
            )
        if not _is_loopback(server.address[0]):
            announce("Note: reachable beyond this machine; the sandbox key is public.")
        if webhooks is not None or period_hours != DEFAULT_PERIOD_HOURS:
            announce(
                f"Subscriptions renew every {period_hours:g} h on the sandbox's clock; "
                "`nowgg-console sandbox advance --hours N` moves it."
            )
        if webhooks is not None:
            announce(
                f"Subscription webhooks go to {printable(webhooks.url)} with the webhook key "
                f"{_masked(webhooks.key)}; a wrong answer gets {webhooks.schedule.describe()}."
            )
        if log is not None:
            announce("Each request is logged below: time, path, token, code, HTTP status.")
        announce("Press Ctrl+C to stop.")
        while server.running:
            # A short join, so Ctrl+C is seen at once on every platform.
            server.join(0.5)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        server.stop()
    if not interrupted:
        raise SandboxError("the sandbox server stopped unexpectedly")
    announce("Sandbox stopped.")


def _masked(key: str) -> str:
    # The shape the console shows keys in (`••••1a2b`); a short key is not shown at all.
    return "••••" + key[-4:] if len(key) > 8 else "••••"


def _bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise SandboxError(f"cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":
            # Lets a restart reuse a port still in TIME_WAIT; on Windows this flag would let
            # two servers share a port instead, so it is left off there.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in _ADDRESS_IN_USE:
            raise SandboxError(
                f"port {port} on {host} is already in use; choose another port, "
                "or 0 for any free one"
            ) from None
        reason = exc.strerror or str(exc)
        raise SandboxError(f"cannot listen on {host} port {port}: {reason}") from None
    return sock


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _quiet_uvicorn() -> None:
    # A NullHandler on uvicorn's own logger keeps Python's last-resort handler from printing
    # its warnings to stderr, while a program that configures logging still receives them.
    logger = logging.getLogger("uvicorn")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
