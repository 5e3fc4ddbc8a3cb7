"""One line per request (and per webhook attempt), for `nowgg-console sandbox serve`.

QA reads these to see what a console or a game server really sent: the time, the method and
path, the purchase token, and what was answered (the envelope's code, the HTTP status). The
`Authorization` header is never part of a line — not even the sandbox's public key — so a log
pasted into a ticket cannot carry a key of any kind. Everything that came from a request is
made printable (`console.text_safety`) and shortened, because a request may hold terminal
escape sequences or a megabyte of token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from console.sandbox.replies import Reply
from console.text_safety import printable

RequestLog = Callable[[str], None]
"""Where the lines go; called from the server's thread and the webhook thread."""

MAX_SHOWN_CHARS: Final = 80
"""A token or path longer than this is cut: the start identifies it, the rest floods."""

NO_TOKEN: Final = "-"


def clock_time(at: datetime | None = None) -> str:
    """The wall-clock time a line starts with, local, to the second."""
    return (at or datetime.now().astimezone()).strftime("%H:%M:%S")


def shown(text: str) -> str:
    """Outside text as it appears in a line: printable, and cut after `MAX_SHOWN_CHARS`."""
    safe = printable(text)
    if len(safe) <= MAX_SHOWN_CHARS:
        return safe
    return f"{safe[:MAX_SHOWN_CHARS]}… ({len(text)} characters)"


def request_line(
    method: str, path: str, token: str | None, reply: Reply | None, at: datetime | None = None
) -> str:
    """`14:03:07  POST /v2/seller/order/verifyPurchase  sbx-paid-unconsumed-0001  code 0  HTTP 200`.

    `reply` None: nothing was answered because the client left first.
    """
    who = shown(token) if token else NO_TOKEN
    return f"{clock_time(at)}  {shown(method)} {shown(path)}  {who}  {answer(reply)}"


def answer(reply: Reply | None) -> str:
    if reply is None:
        return "no reply: the client left"
    code = NO_TOKEN if reply.code is None else str(reply.code)
    return f"code {code}  HTTP {reply.status}"
