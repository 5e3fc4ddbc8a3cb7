"""The client of a running sandbox's admin endpoint (`admin`), for `sandbox mint|reset|advance`.

It is not the payments client and shares nothing with it: it speaks to the sandbox alone. It
sends the sandbox's documented key, never a key of the user's (which could belong to
production), and only to a loopback address: the endpoint answers nothing else, and a URL that
is not on this machine is refused before anything is sent. A reply without the admin marker
means the URL is something other than a sandbox (now.gg answers 150, a web server 404), and is
said so.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from enum import Enum
from typing import Final
from urllib.parse import urlsplit

import httpx

from console.sandbox.admin_wire import ADMIN_MARKER, ADMIN_PREFIX, DEFAULT_SANDBOX_URL
from console.sandbox.keys import SANDBOX_API_KEY
from console.text_safety import printable

# A mint of 10,000 tokens answers about 1.5 MB; anything far larger is not the sandbox.
MAX_REPLY_BYTES: Final = 32 * 1024 * 1024
_CONNECT_TIMEOUT_S: Final = 5.0
_READ_TIMEOUT_S: Final = 60.0
_EXCERPT_CHARS: Final = 60


class Failure(Enum):
    NOT_LOCAL = "not local"
    """The URL is not on this machine: nothing was sent."""
    NOT_A_SANDBOX = "not a sandbox"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"
    """The sandbox answered, and refused (its `error` says why)."""


class SandboxAdminError(Exception):
    """The admin request did not succeed; the message is one line a person can act on."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure


def is_local(base_url: str) -> bool:
    """Whether the URL's host is this machine: `localhost` or a loopback address. Names other
    than `localhost` are not looked up: a DNS answer must not decide where a key goes."""
    host = urlsplit(base_url).hostname or ""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def admin_url(base_url: str, action: str) -> str:
    return base_url.rstrip("/") + ADMIN_PREFIX + action


async def call_admin(
    base_url: str, action: str, form: Mapping[str, str] | None = None
) -> dict[str, object]:
    """POST one action and return the sandbox's reply (marker and `ok` included); raises
    `SandboxAdminError`."""
    if not is_local(base_url):
        raise SandboxAdminError(
            Failure.NOT_LOCAL,
            f"{printable(base_url)} is not on this machine, so it is not a sandbox this command "
            "can reach: mint, reset and advance go to a sandbox served on a loopback address "
            f"(e.g. {DEFAULT_SANDBOX_URL}); nothing was sent",
        )
    url = admin_url(base_url, action)
    timeout = httpx.Timeout(_READ_TIMEOUT_S, connect=_CONNECT_TIMEOUT_S)
    try:
        async with (
            httpx.AsyncClient(trust_env=False, timeout=timeout) as client,
            client.stream(
                "POST", url, data=dict(form or {}), headers={"Authorization": SANDBOX_API_KEY}
            ) as response,
        ):
            body = await _read_bounded(response)
    except httpx.TimeoutException:
        raise SandboxAdminError(
            Failure.UNREACHABLE, f"{printable(base_url)} did not answer in time"
        ) from None
    except httpx.TransportError as error:
        raise SandboxAdminError(
            Failure.UNREACHABLE,
            f"no sandbox answers at {printable(base_url)} ({printable(str(error) or 'no reply')})"
            ": start one with `nowgg-console sandbox serve`",
        ) from None
    return _judge(base_url, response, body)


async def _read_bounded(response: httpx.Response) -> bytes:
    chunks = bytearray()
    async for chunk in response.aiter_bytes():
        chunks.extend(chunk)
        if len(chunks) > MAX_REPLY_BYTES:
            break  # judged below as the non-sandbox it is
    return bytes(chunks)


def _judge(base_url: str, response: httpx.Response, body: bytes) -> dict[str, object]:
    try:
        payload = json.loads(body) if len(body) <= MAX_REPLY_BYTES else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or payload.get("sandbox") != ADMIN_MARKER:
        raise SandboxAdminError(
            Failure.NOT_A_SANDBOX,
            f"{printable(base_url)} is not a sandbox: it answered "
            f"{_describe(response, payload, body)}",
        )
    if payload.get("ok") is not True:
        error = payload.get("error")
        raise SandboxAdminError(
            Failure.REFUSED,
            f"the sandbox refused: {printable(str(error)) if error else 'no reason given'}",
        )
    return payload


def _describe(response: httpx.Response, payload: object, body: bytes) -> str:
    """What came back instead of a sandbox's reply, in a few words."""
    if isinstance(payload, dict) and "code" in payload:
        # now.gg's envelope: an unrouted path is code 150 "interface not exist".
        code = printable(str(payload.get("code")))
        message = printable(str(payload.get("codeMsg", "")))[:_EXCERPT_CHARS]
        return f'code {code} "{message}" (HTTP {response.status_code})'
    kind = printable(response.headers.get("content-type", "no content type"))[:_EXCERPT_CHARS]
    if not body:
        return f"HTTP {response.status_code} with an empty body"
    return f"HTTP {response.status_code} ({kind})"
