"""Read a reply's body with every size bounded: on the wire, and once decompressed.

The body is read raw (`aiter_raw`, `iter_raw`: httpx's own decoders would expand each chunk
in full before any limit could be checked) and abandoned past the limit; its `Content-Encoding`
layers are then undone by `content_coding`, which never lets a layer pass the same limit.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from console.payments import content_coding
from console.payments.content_coding import MAX_LAYERS
from console.payments.errors import (
    BodyTooLargeError,
    HttpStatusError,
    NotJsonError,
    UnreadableEncoding,
)
from console.payments.excerpt import one_line


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, at most `limit` bytes before and after decoding; a redirect is
    reported, never followed."""
    bounded = _Bounded(response, limit)
    async for chunk in response.aiter_raw():
        bounded.add(chunk)
    return bounded.decoded()


def read_body_blocking(
    response: httpx.Response, limit: int, between_reads: Callable[[], None]
) -> bytes:
    """`read_body` for a blocking client's response: the same limits and decoding.
    `between_reads` runs before each read (the blocking client checks its deadline there)."""
    bounded = _Bounded(response, limit)
    between_reads()
    for chunk in response.iter_raw():
        bounded.add(chunk)
        between_reads()
    return bounded.decoded()


class _Bounded:
    """The one reader of a body both clients share: the declared size checked first, every
    raw chunk counted against the limit as it comes, then the codings undone within it."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLargeError(limit)
        self._response = response
        self._limit = limit
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limit:
            raise BodyTooLargeError(self._limit)
        self._chunks.append(chunk)

    def decoded(self) -> bytes:
        _refuse_redirect(self._response)
        return _decoded(self._response, b"".join(self._chunks), self._limit)


def _refuse_redirect(response: httpx.Response) -> None:
    location = one_line(response.headers.get("location", ""), 200)
    if response.is_redirect and location:
        raise HttpStatusError(
            response.status_code,
            location,
            reason=f"HTTP {response.status_code}: the server redirects to {location}; a "
            "redirected POST loses its body, so it was not followed: check the "
            "environment's base URL",
        )


def _decoded(response: httpx.Response, raw: bytes, limit: int) -> bytes:
    codings = content_coding.codings_of(response.headers.get_list("content-encoding"))
    if not codings:
        return raw
    named = ", ".join(codings)
    try:
        return content_coding.decode(raw, codings, limit)
    except content_coding.TooLarge:
        raise BodyTooLargeError(limit, encodings=named, wire_bytes=len(raw)) from None
    except content_coding.Unsupported as problem:
        raise UnreadableEncoding(
            named, f"{one_line(problem.coding, 40)} is a compression this console cannot read"
        ) from None
    except content_coding.TooManyLayers as problem:
        raise UnreadableEncoding(
            named,
            f"it stacks {problem.count} layers of compression, more than the {MAX_LAYERS} "
            "the console undoes",
        ) from None
    except content_coding.Broken as problem:
        raise NotJsonError(
            response.status_code,
            one_line(response.headers.get("content-type", "")),
            f"its {one_line(problem.coding, 40)} encoding is broken",
        ) from None
