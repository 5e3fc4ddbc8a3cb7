"""`webhook listen`: a studio endpoint on loopback that answers as a correct one would.

Each POST is checked: its `Authorization` must be the webhook key (compared in constant time);
a wrong or missing one is answered 401 `{"success": false}` — now.gg would retry — and said.
A right one is decoded (notifications.py) and answered HTTP 200 `{"success": true}`, or 400
when the body is no JSON object. Every request becomes a `Received`, handed to the caller's
callback from the server's thread. Bodies are bounded (`MAX_BODY_BYTES`); nothing else is
served.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final

from console.text_safety import printable

from .notifications import MAX_BODY_BYTES, Notification, decode

LOOPBACK: Final = "127.0.0.1"
_SUCCESS: Final = b'{"success": true}'


@dataclass(frozen=True)
class Received:
    at: datetime
    path: str
    authorized: bool
    status: int
    """What this endpoint answered."""
    notification: Notification | None
    """None when the request was refused before its body was read (key, size)."""
    problem: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        notification = self.notification
        return {
            "at": self.at.isoformat(),
            "path": self.path,
            "authorized": self.authorized,
            "answered": self.status,
            "notificationType": notification.kind if notification else None,
            "known": notification.known if notification else False,
            "data": notification.data if notification else None,
            "problem": self.problem or (notification.problem if notification else None),
        }

    @property
    def line(self) -> str:
        when = f"{self.at:%H:%M:%S}"
        if not self.authorized:
            return f"{when}  REFUSED (answered {self.status}): {self.problem}"
        if self.notification is None:
            return f"{when}  answered {self.status}: {self.problem}"
        return f"{when}  {self.notification.summary}  (answered {self.status})"


class WebhookListener:
    """A loopback endpoint; `start()` serves in a thread, `stop()` ends it."""

    def __init__(self, key: str, on_received: Callable[[Received], None], *, port: int = 0) -> None:
        if not key:
            raise ValueError("a webhook key is needed to check what arrives")
        self._key = key.encode()
        self._on_received = on_received
        self._server = ThreadingHTTPServer((LOOPBACK, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_address[1]}/"

    def start(self) -> WebhookListener:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="nowgg-console webhook listener", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        listener = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "nowgg-console-webhook-listener"

            def do_POST(self) -> None:
                listener._receive(self)

            def do_GET(self) -> None:
                self._answer_only(405, b'{"success": false, "error": "POST only"}')

            def _answer_only(self, status: int, body: bytes) -> None:
                _answer(self, status, body)

            def log_message(self, format: str, *args: object) -> None:
                return  # each request is reported through the callback, not stderr

        return Handler

    def _receive(self, request: BaseHTTPRequestHandler) -> None:
        at = datetime.now(UTC)
        path = printable(request.path)
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self._key):
            problem = "no Authorization header" if not given else "wrong Authorization key"
            _answer(request, 401, b'{"success": false}')
            self._on_received(Received(at, path, False, 401, None, problem))
            return
        try:
            length = int(request.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            _answer(request, 413, b'{"success": false}')
            problem = f"body length {length} is not from 0 to {MAX_BODY_BYTES} bytes"
            self._on_received(Received(at, path, True, 413, None, problem))
            return
        notification = decode(request.rfile.read(length))
        if not notification.data and notification.problem:
            _answer(request, 400, b'{"success": false}')
            self._on_received(Received(at, path, True, 400, notification))
            return
        # A notification of an unknown type is still taken: retries would not make it known.
        _answer(request, 200, _SUCCESS)
        self._on_received(Received(at, path, True, 200, notification))


def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def as_json_line(received: Received) -> str:
    return json.dumps(received.as_json(), ensure_ascii=True)
