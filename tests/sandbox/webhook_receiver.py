"""A studio's webhook endpoint on loopback, for the sandbox's deliveries: it keeps every request
it gets and answers as the test scripts it — correctly, or in one of the wrong ways now.gg
retries (HTTP 500, an HTML page, `{"success": false}`, never)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


class Answer(Enum):
    SUCCESS = "HTTP 200, {success: true}"
    HTTP_500 = "HTTP 500"
    HTML = "HTTP 200, an HTML page"
    SUCCESS_FALSE = "HTTP 200, {success: false}"
    SUCCESS_STRING = 'HTTP 200, {success: "true"}'
    NEVER = "no answer at all"


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: Any


class WebhookReceiver:
    """Answers the n-th request with `answers[n]` (the last one repeats)."""

    def __init__(self, answers: Sequence[Answer] = (Answer.SUCCESS,)) -> None:
        self._answers = list(answers)
        self._lock = threading.Lock()
        self._received: list[Delivery] = []
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhooks/nowgg"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def received(self) -> list[Delivery]:
        with self._lock:
            return list(self._received)

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._released.set()  # lets a held "never" request end
        self._server.shutdown()
        self._server.server_close()

    def _answer_for(self, delivery: Delivery) -> Answer:
        with self._lock:
            self._received.append(delivery)
            index = min(len(self._received), len(self._answers)) - 1
            return self._answers[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw
                headers = {name.lower(): value for name, value in self.headers.items()}
                answer = receiver._answer_for(Delivery(self.path, headers, body))
                if answer is Answer.NEVER:
                    receiver._released.wait(30)
                    return
                status, kind, text = _REPLIES[answer]
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the tests read `received`

        return Handler


_REPLIES = {
    Answer.SUCCESS: (200, "application/json", '{"success": true}'),
    Answer.HTTP_500: (500, "text/plain", "Internal Server Error"),
    Answer.HTML: (200, "text/html", "<html><body>Welcome to nginx!</body></html>"),
    Answer.SUCCESS_FALSE: (200, "application/json", '{"success": false}'),
    Answer.SUCCESS_STRING: (200, "application/json", '{"success": "true"}'),
}
