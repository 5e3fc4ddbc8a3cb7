"""How far an exchange got, so a missed deadline can say whether the request may have left.

httpcore reports each step of a request to a `trace` callback ("connection.connect_tcp",
"connection.start_tls", "http11.send_request_headers", …). A request is known *not* sent only
while it was provably still connecting: a connection step began and no request headers were
written yet. Anything else (a pooled connection, no trace at all, a future httpcore with other
event names) counts as "may have been sent", the answer that is safe for a consume: it is
resolved by verifying rather than sent again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

_CONNECTING: Final = ("connect_tcp.started", "start_tls.started")
_SENDING: Final = ".send_request_headers.started"


class ExchangeProgress:
    """Give `trace` to httpx as the request's `trace` extension (`trace_blocking` for the
    blocking client, whose httpcore calls it without awaiting)."""

    def __init__(self) -> None:
        self._connecting = False
        self._sending = False

    async def trace(self, name: str, info: Mapping[str, object]) -> None:
        self.trace_blocking(name, info)

    def trace_blocking(self, name: str, info: Mapping[str, object]) -> None:
        if name.endswith(_CONNECTING):
            self._connecting = True
        elif name.endswith(_SENDING) and not _is_tunnel(info):
            self._sending = True

    @property
    def may_have_been_sent(self) -> bool:
        return self._sending or not self._connecting


def _is_tunnel(info: Mapping[str, object]) -> bool:
    # An https call through a proxy first sends CONNECT to the proxy: that request carries
    # no key and no form, and the real one has not left yet.
    method = getattr(info.get("request"), "method", b"")
    return method in (b"CONNECT", "CONNECT")
