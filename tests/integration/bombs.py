"""Compression bombs of any size, built in a fraction of a second.

Compressing a gigabyte of zeros with zlib takes seconds of CPU. Here one mebibyte is
compressed once, ended with a full flush (which empties the compressor's window, so the next
mebibyte compresses to exactly the same bytes), and that block is repeated: the stream is what
zlib itself would make with a flush every mebibyte, and decodes like any other. Only the
checksum has to run over the whole size, and CRC-32 of zeros is fast.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Final

from tests.hostile_server import Reply

_BLOCK: Final = 1 << 20
_ADLER_MODULUS: Final = 65521


@cache
def _zero_block() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(bytes(_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)


def _raw_zeros(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes (`size` a whole number of mebibytes)."""
    if size <= 0 or size % _BLOCK:
        raise ValueError("a bomb is a whole number of mebibytes")
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # an empty last block
    return _zero_block() * (size // _BLOCK) + final


@cache
def gzip_zeros(size: int) -> bytes:
    """`size` zero bytes as one gzip member (RFC 1952)."""
    crc = 0
    zero = bytes(_BLOCK)
    for _ in range(size // _BLOCK):
        crc = zlib.crc32(zero, crc)
    header = b"\x1f\x8b\x08\x00" + b"\x00" * 4 + b"\x02\xff"
    return header + _raw_zeros(size) + struct.pack("<II", crc, size & 0xFFFFFFFF)


@cache
def zlib_zeros(size: int) -> bytes:
    """`size` zero bytes as a zlib stream (RFC 1950): HTTP's "deflate"."""
    # Adler-32 of zeros: the low sum stays 1 and the high one gains 1 per byte.
    adler = ((size % _ADLER_MODULUS) << 16) | 1
    return b"\x78\xda" + _raw_zeros(size) + struct.pack(">I", adler)


@dataclass(frozen=True)
class Bomb:
    name: str
    encodings: tuple[str, ...]
    """Content-Encoding, in the order the layers were applied."""
    decoded_size: int
    body: bytes

    @property
    def reply(self) -> Reply:
        return Reply(
            headers=(
                ("Content-Type", "application/json"),
                ("Content-Encoding", ", ".join(self.encodings)),
            ),
            body=self.body,
        )


GIB: Final = 1 << 30


def bombs() -> tuple[Bomb, ...]:
    """The bombs every bounded decoder must survive: stacked gzip expanding to a gibibyte from
    a couple of kilobytes, gzip under deflate, and deflate alone just under the wire limit."""
    inner = gzip_zeros(GIB)
    return (
        Bomb("gzip, gzip", ("gzip", "gzip"), GIB, gzip.compress(inner, 9)),
        Bomb("gzip, deflate", ("gzip", "deflate"), GIB, zlib.compress(inner, 9)),
        Bomb("deflate", ("deflate",), 1000 << 20, zlib_zeros(1000 << 20)),
    )
