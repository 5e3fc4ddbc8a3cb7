"""The sandbox as a raw ASGI 3 application: routing, the key check, faults and the delay.

No web framework: the API has a few routes and a fixed envelope, and a framework would add
its own replies (404 pages, 422 validation bodies) that now.gg never sends. First, the
sandbox's own admin endpoint (`admin`, under `/_sandbox/`, a prefix no now.gg path has)
answers at once, with its own checks (loopback, the sandbox key). Then the order of the checks
is the API's as far as API.md knows it:

1. an unknown path or a method other than POST → HTTP 200, code 150 "interface not exist";
2. a fault token → its fault, whatever the key (faults stand for what breaks before the API);
3. a wrong or missing `Authorization` (the raw key, no `Bearer`) → 3900;
4. the endpoint's own rules (`endpoints`).
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from enum import Enum
from typing import Any, Final

from console.payments.wire import AUTHORIZATION_HEADER
from console.sandbox import admin, endpoints
from console.sandbox.faults import (
    CONSUME_ONLY_FAULTS,
    FAULTS_BY_TOKEN,
    GATEWAY_TIMEOUT_REPLY,
    NO_REPLY_HOLD_S,
    SLOW_DELAY_S,
    STOPPING_REPLY,
    TEXT_CONTENT_TYPE,
    Fault,
    immediate_reply,
)
from console.sandbox.forms import parse_form
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.replies import ApiCode, Reply, failure, interface_not_exist
from console.sandbox.request_log import RequestLog, request_line
from console.sandbox.routes import VerifySpelling, routes
from console.sandbox.state import SandboxState

# The ASGI 3 callables, spelled out so the module needs no ASGI typing package.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Real forms are a few hundred bytes; this only keeps a careless client from filling memory
# when `sandbox serve` listens beyond loopback.
MAX_BODY_BYTES: Final = 1024 * 1024
TOO_LARGE_REPLY: Final = Reply(413, TEXT_CONTENT_TYPE, b"Request body too large.\n")

# How often a waiting request looks at the stop flag. The flag is set from another thread
# (SandboxServer.stop), so it is polled rather than awaited; 50 ms keeps stopping prompt.
_POLL_S: Final = 0.05


class Hold(Enum):
    ELAPSED = "elapsed"
    STOPPING = "stopping"
    DISCONNECTED = "disconnected"


class _BodyTooLarge(Exception):
    pass


class SandboxApp:
    """The endpoints over `state`, each reply delayed by `delay_s` (a benchmark uses 50 ms).

    `only_verify_path` serves verify on that spelling alone (`routes`).
    """

    def __init__(
        self,
        state: SandboxState | None = None,
        *,
        api_key: str = SANDBOX_API_KEY,
        delay_s: float = 0.0,
        only_verify_path: VerifySpelling | None = None,
        log: RequestLog | None = None,
    ) -> None:
        self.state = state if state is not None else SandboxState()
        self.api_key = api_key
        self.delay_s = delay_s
        self.routes = routes(only_verify_path)
        self.log = log
        self._stopping = threading.Event()
        self._held = 0

    @property
    def held_requests(self) -> int:
        """Requests now waiting in a delay or a slow/no-reply fault (tests wait on this)."""
        return self._held

    def release_held(self) -> None:
        """Answer every waiting request at once (503) and every later one without waiting.

        Called by the server before it stops: uvicorn waits for running requests, and a held
        "no reply" request would otherwise keep it alive for a minute. Safe from any thread.
        """
        self._stopping.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Lifespan is off and websockets are not served: only HTTP scopes arrive here.
        if scope["type"] != "http":
            return
        try:
            body = await _read_body(receive)
        except _BodyTooLarge:
            self._log(scope, None, TOO_LARGE_REPLY)
            await _send_reply(send, TOO_LARGE_REPLY)
            return
        if body is None:
            self._log(scope, None, None)  # the client left before it finished sending
            return
        form = parse_form(body, _header(scope, "content-type"))
        reply = await self._answer(scope, form, receive)
        # Logged before the reply leaves: once a client has its answer it may stop the server
        # at once (Ctrl+C), and the line must already be written by then.
        self._log(scope, form.get("purchaseToken"), reply)
        if reply is not None:
            await _send_reply(send, reply)

    def _log(self, scope: Scope, token: str | None, reply: Reply | None) -> None:
        if self.log is not None:
            self.log(request_line(scope["method"], scope["path"], token, reply))

    async def _answer(
        self, scope: Scope, form: Mapping[str, str], receive: Receive
    ) -> Reply | None:
        """The reply to send, or None when the client is gone and nothing can be sent."""
        if admin.is_admin_path(scope["path"]):
            # The sandbox's own endpoint: no delay, no faults, and its own checks.
            return admin.answer(
                self.state,
                path=scope["path"],
                method=scope["method"],
                peer=scope.get("client"),
                authorized=self._authorized(_header(scope, AUTHORIZATION_HEADER)),
                form=form,
            )
        if self.delay_s > 0:
            hold = await self._hold(self.delay_s, receive)
            if hold is not Hold.ELAPSED:
                return _after_interrupted(hold)

        endpoint = self.routes.get(scope["path"])
        if endpoint is None or scope["method"] != "POST":
            return interface_not_exist()

        fault = FAULTS_BY_TOKEN.get(form.get("purchaseToken", ""))
        if fault is not None and fault.fault in CONSUME_ONLY_FAULTS:
            if endpoint is not endpoints.consume:
                fault = None  # verify answers these as the ordinary orders they are
            else:
                return await self._lose_consume(fault.fault, scope, form, receive)
        if fault is not None:
            reply = immediate_reply(fault.fault)
            if reply is not None:
                return reply
            slow = fault.fault is Fault.SLOW
            hold = await self._hold(SLOW_DELAY_S if slow else NO_REPLY_HOLD_S, receive)
            if hold is not Hold.ELAPSED:
                return _after_interrupted(hold)
            if not slow:
                return GATEWAY_TIMEOUT_REPLY
            # The slow token, its delay served, is an ordinary order from here on.

        if not self._authorized(_header(scope, AUTHORIZATION_HEADER)):
            return failure(ApiCode.INVALID_AUTHORIZATION_KEY)
        return endpoint(self.state, form)

    async def _lose_consume(
        self, fault: Fault, scope: Scope, form: Mapping[str, str], receive: Receive
    ) -> Reply | None:
        """A consume whose reply never comes: applied first, or never applied at all."""
        if not self._authorized(_header(scope, AUTHORIZATION_HEADER)):
            return failure(ApiCode.INVALID_AUTHORIZATION_KEY)
        if fault is Fault.CONSUME_REPLY_LOST:
            endpoints.consume(self.state, form)
        hold = await self._hold(NO_REPLY_HOLD_S, receive)
        if hold is not Hold.ELAPSED:
            return _after_interrupted(hold)
        return GATEWAY_TIMEOUT_REPLY

    def _authorized(self, given: str | None) -> bool:
        # The raw key, exactly: "Bearer <key>" is a documented mistake and must fail (3900).
        if given is None:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.api_key.encode("utf-8"))

    async def _hold(self, seconds: float, receive: Receive) -> Hold:
        """Wait `seconds`, unless the client leaves or the sandbox stops first."""
        self._held += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        # Watching for the client's disconnect lets a held request end with its client
        # instead of lingering for the full minute.
        gone = asyncio.ensure_future(_wait_for_disconnect(receive))
        try:
            while not self._stopping.is_set():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return Hold.ELAPSED
                done, _ = await asyncio.wait({gone}, timeout=min(remaining, _POLL_S))
                if done:
                    return Hold.DISCONNECTED
            return Hold.STOPPING
        finally:
            self._held -= 1
            gone.cancel()


def _after_interrupted(hold: Hold) -> Reply | None:
    return STOPPING_REPLY if hold is Hold.STOPPING else None


def _header(scope: Scope, name: str) -> str | None:
    """The first header called `name` (ASGI gives names lower-cased, as bytes)."""
    wanted = name.lower().encode("latin-1")
    for key, value in scope["headers"]:
        if key == wanted:
            # HTTP headers are latin-1 on the wire; decoding so never fails.
            return bytes(value).decode("latin-1")
    return None


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnects first."""
    chunks = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.extend(message.get("body", b""))
        if len(chunks) > MAX_BODY_BYTES:
            raise _BodyTooLarge
        if not message.get("more_body", False):
            return bytes(chunks)


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _send_reply(send: Send, reply: Reply) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [
                (b"content-type", reply.content_type.encode("latin-1")),
                (b"content-length", str(len(reply.body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": reply.body, "more_body": False})
