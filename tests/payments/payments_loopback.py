"""Tiny raw-HTTP servers on 127.0.0.1 for the client tests.

Each writes exactly the bytes a test gives it (an HTML 502, an empty body, a reset), so the
client meets real sockets and real HTTP framing, not a mock of httpx. Nothing here listens on
or connects to anything but the loopback interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

LOOPBACK = "127.0.0.1"
# A made-up key; tests check that it never shows up where it must not.
SECRET = "sk-live-0123456789abcdefSECRET9f3c"


@dataclass
class Captured:
    """One request as the server read it off the socket."""

    request_line: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def method(self) -> str:
        return self.request_line.split(" ")[0]

    @property
    def path(self) -> str:
        return self.request_line.split(" ")[1]

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        assert len(values) <= 1, f"header {name} sent {len(values)} times"
        return values[0] if values else None

    @property
    def form(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode("ascii"), keep_blank_values=True, strict_parsing=False)


Handler = Callable[["Connection"], Awaitable[None]]
Serve = Callable[[Handler | bytes], Awaitable["RawServer"]]


@dataclass
class Connection:
    """What a handler gets: the request already read, and the stream to answer on."""

    request: Captured | None
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    stopping: asyncio.Event

    async def hold(self) -> None:
        """Keep the connection open, saying nothing, until the test ends."""
        await self.stopping.wait()

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0), as a crashed server or a firewall would."""
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


@dataclass
class RawServer:
    handler: Handler
    requests: list[Captured] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def start(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, LOOPBACK, 0)
        return self

    @property
    def port(self) -> int:
        assert self._server is not None
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    async def close(self) -> None:
        self.stop.set()
        for writer in self._writers:
            writer.transport.abort()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        request = await read_request(reader)
        if request is not None:
            self.requests.append(request)
        try:
            await self.handler(Connection(request, reader, writer, self.stop))
        except (ConnectionError, OSError):
            pass  # the client went away first: that is the client's story, not the server's
        finally:
            if not writer.transport.is_closing():
                writer.close()


async def read_request(reader: asyncio.StreamReader) -> Captured | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = [
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in lines[1:] if line)
    ]
    length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
    body = await reader.readexactly(length) if length else b""
    return Captured(request_line=lines[0], headers=headers, body=body)


def http_reply(
    status: int,
    body: bytes,
    content_type: str = "application/json",
    extra_headers: tuple[tuple[str, str], ...] = (),
    reason: str = "Whatever",
) -> bytes:
    """A complete HTTP/1.1 reply with a correct Content-Length."""
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
        *extra_headers,
    ]
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode("latin-1") + b"\r\n" + body


def answer(data: bytes) -> Handler:
    """A handler writing `data` and closing."""

    async def handler(connection: Connection) -> None:
        await connection.send(data)

    return handler


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
    return port


def unanswered_listener() -> tuple[socket.socket, list[socket.socket]]:
    """A listener whose accept queue is full, so a new connection's SYN goes unanswered and
    connecting times out, as with a host behind a firewall that drops packets."""
    listener = socket.socket()
    listener.bind((LOOPBACK, 0))
    listener.listen(0)
    fillers: list[socket.socket] = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):  # the handshake completes in the kernel
            filler.connect(listener.getsockname())
        fillers.append(filler)
    return listener, fillers
