"""Undo a reply's `Content-Encoding` layers without ever letting them grow past a limit.

The client asks for no compression (`Accept-Encoding: identity`), but a server or a proxy may
compress anyway, and a hostile one stacks layers: `gzip, gzip` turns 2 KB on the wire into
gigabytes. A decoder that checks the size after each decompressed chunk has already allocated
that chunk, so here every layer is undone by zlib with `max_length`: it stops one byte past
the limit, however far the data would expand, and the layer is refused there.

Only what the standard library can read is decoded (gzip, its old alias x-gzip, deflate);
anything else (br, zstd, compress) is refused by name rather than passed on as bytes that
would only look like a broken JSON reply.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Final

MAX_LAYERS: Final = 3
"""No honest server stacks even two; three leaves room for a proxy's extra layer."""

_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS
_ZLIB_WBITS: Final = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS: Final = -zlib.MAX_WBITS
_GZIP_MAGIC: Final = b"\x1f\x8b"


class CodingProblem(Exception):
    """Why a body could not be decoded; the client turns each kind into a `PaymentsError`."""


class TooLarge(CodingProblem):
    """A layer would decode to more than the limit."""


class Unsupported(CodingProblem):
    def __init__(self, coding: str) -> None:
        super().__init__(coding)
        self.coding = coding


class TooManyLayers(CodingProblem):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


class Broken(CodingProblem):
    """The data is not what its coding says (truncated, corrupt, trailing bytes)."""

    def __init__(self, coding: str) -> None:
        super().__init__(coding)
        self.coding = coding


def codings_of(header_values: Iterable[str]) -> tuple[str, ...]:
    """The codings named by `Content-Encoding` header values, in the order they were applied
    (RFC 9110 8.4), lower-cased, `identity` and empty items left out."""
    names: list[str] = []
    for value in header_values:
        for item in value.split(","):
            name = item.strip().lower()
            if name and name != "identity":
                names.append(name)
    return tuple(names)


def decode(body: bytes, codings: Sequence[str], limit: int) -> bytes:
    """`body` with every coding undone, last applied first; never more than `limit` bytes
    at any layer. Raises a `CodingProblem`."""
    for coding in codings:
        if coding not in _DECODERS:
            raise Unsupported(coding)
    if len(codings) > MAX_LAYERS:
        raise TooManyLayers(len(codings))
    for coding in reversed(codings):
        body = _DECODERS[coding](body, limit)
    return body


def _gunzip(data: bytes, limit: int) -> bytes:
    # RFC 1952 allows several members one after the other; each is checked by its own CRC.
    out = bytearray()
    rest = data
    while True:
        decompressor = zlib.decompressobj(_GZIP_WBITS)
        out += _bounded(decompressor, rest, limit - len(out), "gzip")
        rest = decompressor.unused_data
        if not rest:
            return bytes(out)
        if not rest.startswith(_GZIP_MAGIC):
            raise Broken("gzip")


def _inflate(data: bytes, limit: int) -> bytes:
    # "deflate" means zlib-wrapped (RFC 9110 8.4.1.2), but some servers send the raw stream:
    # a zlib header is tried first, then raw, as browsers do.
    try:
        decompressor = zlib.decompressobj(_ZLIB_WBITS)
        out = _bounded(decompressor, data, limit, "deflate")
    except Broken:
        decompressor = zlib.decompressobj(_RAW_DEFLATE_WBITS)
        out = _bounded(decompressor, data, limit, "deflate")
    if decompressor.unused_data:
        raise Broken("deflate")
    return out


def _bounded(decompressor: zlib._Decompress, data: bytes, room: int, coding: str) -> bytes:
    """All of `data` decompressed, or `TooLarge` as soon as it passes `room` bytes.

    `max_length` makes zlib stop producing output there, so the expansion is never held in
    memory (`max_length=0` would mean "no limit": `room + 1` is never 0).
    """
    try:
        out = decompressor.decompress(data, room + 1)
    except zlib.error:
        raise Broken(coding) from None
    if len(out) > room:
        raise TooLarge
    if not decompressor.eof:
        raise Broken(coding)  # the stream stops before its end: truncated
    return out


_DECODERS: Final[dict[str, Callable[[bytes, int], bytes]]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _inflate,
}
