"""Turn an httpx or socket exception into the typed error a person can act on.

The distinctions matter for a consume: a refused connection, a DNS or TLS failure and a
connect timeout mean the request never left, so nothing happened; a read timeout or a reset
after sending mean the outcome is unknown and must be resolved by verifying (errors.py).

httpx reports DNS, TLS and refused connections all as `ConnectError`; the real cause sits in
the exception chain (`__cause__`, `__context__`, and the exception groups of anyio's happy
eyeballs), so the chain is searched rather than the message guessed at.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator
from typing import Final, TypeVar

import httpx

from console.payments.apikey import ApiKey
from console.payments.errors import (
    ConnectFailed,
    DnsFailure,
    InputRejected,
    NetworkFailure,
    PaymentsError,
    RequestTimeout,
    TlsFailure,
)
from console.payments.urls import BaseUrl

# Resolver messages, for a gaierror that lost its type on the way (seen with some proxies).
_DNS_MESSAGES: Final = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "no address associated with hostname",
    "getaddrinfo failed",
)


class FailureMapper:
    """Maps the failures of calls to one base URL; knows the key only to scrub it out."""

    def __init__(
        self, base: BaseUrl, connect_seconds: float, read_seconds: float, api_key: ApiKey
    ) -> None:
        self._base = base
        self._connect_seconds = connect_seconds
        self._read_seconds = read_seconds
        self._api_key = api_key

    def map(self, failure: BaseException) -> PaymentsError:
        """The typed error for `failure`; its reason never holds the API key."""
        where = self._base.host_port
        detail = self._scrubbed(_innermost_message(failure))
        if isinstance(failure, httpx.ConnectTimeout | httpx.PoolTimeout):
            # A pool timeout also means no connection was ever used: nothing was sent.
            return RequestTimeout("connection", self._connect_seconds)
        if isinstance(failure, httpx.WriteTimeout):
            return RequestTimeout("upload of the request", self._read_seconds)
        if isinstance(failure, httpx.ReadTimeout):
            return RequestTimeout("reply", self._read_seconds)
        if isinstance(failure, httpx.ConnectError):
            return self._connect_failure(failure, detail)
        if isinstance(failure, httpx.ProxyError):
            return ConnectFailed(f"the proxy in front of {where} failed: {detail}")
        if isinstance(failure, httpx.UnsupportedProtocol | httpx.InvalidURL):
            return InputRejected(f"the URL of {where} cannot be used: {detail}")
        if isinstance(failure, httpx.LocalProtocolError):
            return InputRejected(f"the request could not be written as HTTP: {detail}")
        if isinstance(failure, httpx.RemoteProtocolError):
            return NetworkFailure(
                f"{where} broke off the reply or answered with something that is not HTTP "
                f"({detail})"
            )
        if _found(failure, ConnectionResetError):
            return NetworkFailure(f"{where} reset the connection before the reply was complete")
        if isinstance(failure, httpx.ReadError):
            return NetworkFailure(
                f"the connection to {where} broke while reading the reply ({detail})"
            )
        if isinstance(failure, httpx.WriteError):
            return NetworkFailure(
                f"the connection to {where} broke while sending the request ({detail})"
            )
        return NetworkFailure(f"the call to {where} failed: {detail}")

    def _connect_failure(self, failure: BaseException, detail: str) -> PaymentsError:
        where = self._base.host_port
        resolver = _found(failure, socket.gaierror)
        if resolver is not None or any(text in detail.lower() for text in _DNS_MESSAGES):
            return DnsFailure(
                f"the host name {self._base.host!r} could not be resolved (DNS: {detail}): "
                "check the environment's base URL and the network"
            )
        certificate = _found(failure, ssl.SSLCertVerificationError)
        if certificate is not None:
            why = certificate.verify_message or detail
            return TlsFailure(
                f"the TLS certificate of {where} was not accepted ({why}): a proxy "
                "intercepting TLS, or the wrong host"
            )
        handshake = _found(failure, ssl.SSLError)
        if handshake is not None:
            return TlsFailure(
                f"the TLS handshake with {where} failed ({detail}): is it an https server?"
            )
        refused = _found(failure, ConnectionRefusedError)
        if refused is not None or _errno_in_chain(failure, errno.ECONNREFUSED):
            return ConnectFailed(
                f"{where} refused the connection: nothing listens on that port "
                "(is the server or the sandbox running?)"
            )
        return ConnectFailed(f"could not connect to {where}: {detail}")

    def _scrubbed(self, text: str) -> str:
        # No known exception puts the key in its message; this makes sure none ever does.
        secret = self._api_key.reveal()
        return text.replace(secret, self._api_key.masked) if secret else text


def _chain(failure: BaseException) -> Iterator[BaseException]:
    """`failure` and every exception behind it, each once, however they are linked."""
    pending = [failure]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(
            linked for linked in (current.__cause__, current.__context__) if linked is not None
        )
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)


_E = TypeVar("_E", bound=BaseException)


def _found(failure: BaseException, kind: type[_E]) -> _E | None:
    for linked in _chain(failure):
        if isinstance(linked, kind):
            return linked
    return None


def _errno_in_chain(failure: BaseException, number: int) -> bool:
    return any(isinstance(linked, OSError) and linked.errno == number for linked in _chain(failure))


def _innermost_message(failure: BaseException) -> str:
    """The most specific message in the chain: httpx's own is often empty ("") or generic
    ("All connection attempts failed") while the socket error below says what happened."""
    message = ""
    for linked in _chain(failure):
        text = " ".join(str(linked).split())
        if text:
            message = text
    return message or type(failure).__name__
