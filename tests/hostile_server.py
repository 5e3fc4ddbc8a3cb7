"""A hostile now.gg on loopback: a raw HTTP server that answers exactly the bytes a test
scripts, including what no honest server sends (stacked encodings, a reply dripped one byte
at a time, codes past 2**63, terminal escapes and Rich markup in every field).

It speaks just enough HTTP/1.1 to be a peer for httpx and curl: it reads the request line,
the headers and a `Content-Length` body, then plays the `Reply` chosen for the request's
`purchaseToken` (or the default). Every request is counted and kept, so a test can prove
that nothing was sent (`requests` unchanged) as well as what was.

Written with raw sockets on purpose: uvicorn (the sandbox's server) would normalise the very
replies these tests need to be malformed.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from io import BufferedIOBase
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

HOSTILE_KEY = "k3y-h0stile-server-0000"
"""The key the hostile server expects; any key is accepted, this one is conventional. It shares
no run of 8 characters with the replies below (`hostile-token`, …): the console masks any such
run of a key it knows (console/key_masking.py), which would mask those values too."""


@dataclass(frozen=True)
class Received:
    """One request as the server read it."""

    method: str
    path: str
    headers: Mapping[str, str]
    form: Mapping[str, str]

    @property
    def token(self) -> str:
        return self.form.get("purchaseToken", "")


@dataclass(frozen=True)
class Reply:
    """What to answer: a status, headers and a body, written as given.

    `drip_seconds` > 0 writes the body one byte at a time with that pause between bytes;
    `hold_seconds` waits before writing anything at all; `close_early` cuts the connection
    after that many body bytes.
    """

    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    body: bytes = b""
    drip_seconds: float = 0.0
    hold_seconds: float = 0.0
    close_early: int | None = None
    content_length: bool = True


def json_reply(envelope: Mapping[str, Any], *, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(envelope).encode())


def raw_json_reply(text: str, *, status: int = 200) -> Reply:
    """A body written as given: for numbers json.dumps would not produce (1e400, 2**70)."""
    return Reply(status=status, body=text.encode())


def purchase_envelope(**data: Any) -> dict[str, Any]:
    """A successful verify reply; `data` overrides the fields of a paid, unconsumed purchase."""
    purchase: dict[str, Any] = {
        "kind": "nowgg#productPurchase",
        "purchaseTime": "1730268481000",
        "purchaseState": 1,
        "consumptionState": 0,
        "developerPayload": "",
        "orderId": "1-2024103006080112345",
        "appId": "hostile-app",
        "regionCode": "US",
        "currency": "USD",
        "packageName": "com.example.hostile",
        "payStatusTxt": "Paid",
        "orderAmount": "0.99",
        "isTestOrder": False,
        "productId": "gems_100",
        "sellerGoodsId": "gems_100",
        "purchaseToken": "hostile-token",
    }
    purchase.update(data)
    return {"success": True, "code": 0, "codeMsg": "success", "data": purchase}


def error_envelope(code: Any, code_msg: Any) -> dict[str, Any]:
    return {"success": False, "code": code, "codeMsg": code_msg, "data": {}}


# --- compression bombs ----------------------------------------------------------------------


def zeros_gzip(size: int, *, chunk: int = 1 << 20) -> bytes:
    """`size` zero bytes, gzipped, made chunk by chunk so building it costs no memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(chunk)
    parts = []
    left = size
    while left > 0:
        parts.append(compressor.compress(zero[: min(chunk, left)]))
        left -= chunk
    parts.append(compressor.flush())
    return b"".join(parts)


def stacked(body: bytes, encodings: Iterable[str]) -> bytes:
    """`body` encoded by each of `encodings` in turn (the order of a Content-Encoding list)."""
    for encoding in encodings:
        if encoding == "gzip":
            body = gzip.compress(body, 9)
        elif encoding == "deflate":
            body = zlib.compress(body, 9)
        else:
            raise ValueError(f"the hostile server cannot make {encoding!r}")
    return body


def bomb_reply(decompressed_size: int, encodings: tuple[str, ...]) -> Reply:
    """A small reply that decodes to `decompressed_size` zero bytes through `encodings`
    (the first one is applied to the zeros; e.g. ("gzip", "gzip") is the 3.5 KB → 4 GB kind)."""
    first, *rest = encodings
    if first != "gzip":
        raise ValueError("the bomb's innermost layer is gzip")
    body = stacked(zeros_gzip(decompressed_size), rest)
    return Reply(
        headers=(
            ("Content-Type", "application/json"),
            ("Content-Encoding", ", ".join(encodings)),
        ),
        body=body,
    )


# --- the server -----------------------------------------------------------------------------


@dataclass
class _Script:
    default: Reply = field(default_factory=lambda: json_reply(purchase_envelope()))
    by_token: dict[str, Reply] = field(default_factory=dict)
    by_path: dict[str, Reply] = field(default_factory=dict)


class HostileServer:
    """`with HostileServer() as server:` — answers `server.reply_for(token, Reply(...))`,
    `server.reply_for_path(path, …)` or `server.default`, at `server.url`."""

    def __init__(self) -> None:
        self._script = _Script()
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._server = _ThreadingServer(("127.0.0.1", 0), self._handler_class())
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.api_key = HOSTILE_KEY
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- scripting ----------------------------------------------------------------------

    @property
    def default(self) -> Reply:
        return self._script.default

    @default.setter
    def default(self, reply: Reply) -> None:
        self._script.default = reply

    def reply_for(self, token: str, reply: Reply) -> None:
        with self._lock:
            self._script.by_token[token] = reply

    def reply_for_path(self, path: str, reply: Reply) -> None:
        with self._lock:
            self._script.by_path["/" + path.lstrip("/")] = reply

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def _choose(self, received: Received) -> Reply:
        with self._lock:
            self._received.append(received)
            return (
                self._script.by_token.get(received.token)
                or self._script.by_path.get(received.path)
                or self._script.default
            )

    # --- lifetime -------------------------------------------------------------------------

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _handler_class(self) -> type[socketserver.BaseRequestHandler]:
        choose = self._choose

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                received = _read_request(self.rfile)
                if received is None:
                    return
                _play(self.connection, choose(received))

        return Handler


class _ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _read_request(stream: BufferedIOBase) -> Received | None:
    line = stream.readline(65536).decode("latin-1").strip()
    if not line:
        return None
    method, path, *_ = [*line.split(" "), "", ""]
    headers: dict[str, str] = {}
    while True:
        header = stream.readline(65536).decode("latin-1")
        if header in ("\r\n", "\n", ""):
            break
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = stream.read(length) if length else b""
    form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return Received(method, path, headers, form)


def _play(connection: socket.socket, reply: Reply) -> None:
    if reply.hold_seconds:
        time.sleep(reply.hold_seconds)
    body = reply.body if reply.close_early is None else reply.body[: reply.close_early]
    head = [f"HTTP/1.1 {reply.status} Hostile"]
    head += [f"{name}: {value}" for name, value in reply.headers]
    if reply.content_length:
        head.append(f"Content-Length: {len(reply.body)}")
    head.append("Connection: close")
    try:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if reply.drip_seconds <= 0:
            connection.sendall(body)
            return
        for byte in _bytes(body):
            connection.sendall(byte)
            time.sleep(reply.drip_seconds)
    except OSError:
        pass  # the client gave up: exactly what a drip test wants to see


def _bytes(body: bytes) -> Iterator[bytes]:
    for index in range(len(body)):
        yield body[index : index + 1]


HostileFactory = Callable[[], HostileServer]
