"""Undoing Content-Encoding layers: honest replies come back intact, and no layer, however it
is stacked, is ever expanded past the limit."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from console.payments.content_coding import (
    MAX_LAYERS,
    Broken,
    TooLarge,
    TooManyLayers,
    Unsupported,
    codings_of,
    decode,
)

BODY = b'{"success":true,"code":0,"codeMsg":"success","data":{}}'
LIMIT = 4096


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("values", "codings"),
    [
        ([], ()),
        (["gzip"], ("gzip",)),
        (["GZip , deflate"], ("gzip", "deflate")),
        (["identity"], ()),
        (["gzip", "gzip"], ("gzip", "gzip")),  # a header given twice counts twice
        (["gzip,,identity, br"], ("gzip", "br")),
    ],
)
def test_codings_are_read_in_the_order_they_were_applied(
    values: list[str], codings: tuple[str, ...]
) -> None:
    assert codings_of(values) == codings


@pytest.mark.parametrize(
    ("encoded", "codings"),
    [
        (BODY, ()),
        (gzip.compress(BODY), ("gzip",)),
        (gzip.compress(BODY), ("x-gzip",)),
        (zlib.compress(BODY), ("deflate",)),
        (raw_deflate(BODY), ("deflate",)),  # what some servers send as "deflate"
        (zlib.compress(gzip.compress(BODY)), ("gzip", "deflate")),
        (gzip.compress(BODY[:10]) + gzip.compress(BODY[10:]), ("gzip",)),  # two members
    ],
)
def test_honest_encodings_decode_to_the_body(encoded: bytes, codings: tuple[str, ...]) -> None:
    assert decode(encoded, codings, LIMIT) == BODY


def test_a_body_of_exactly_the_limit_is_read() -> None:
    assert decode(gzip.compress(b"x" * LIMIT), ("gzip",), LIMIT) == b"x" * LIMIT


@pytest.mark.parametrize(
    ("encoded", "codings"),
    [
        (gzip.compress(b"x" * (LIMIT + 1)), ("gzip",)),
        (zlib.compress(b"x" * (LIMIT + 1)), ("deflate",)),
        (raw_deflate(b"x" * (LIMIT + 1)), ("deflate",)),
        # Each member within the limit, together past it.
        (gzip.compress(b"x" * 3000) + gzip.compress(b"x" * 3000), ("gzip",)),
        # The outer layer stays small; the inner one is the bomb.
        (gzip.compress(gzip.compress(bytes(50 * LIMIT))), ("gzip", "gzip")),
        (zlib.compress(gzip.compress(bytes(50 * LIMIT))), ("gzip", "deflate")),
    ],
)
def test_no_layer_expands_past_the_limit(encoded: bytes, codings: tuple[str, ...]) -> None:
    with pytest.raises(TooLarge):
        decode(encoded, codings, LIMIT)


def test_a_bomb_is_stopped_without_expanding_it() -> None:
    # 64 MiB of zeros in 64 KB: decoding it in full would allocate the 64 MiB this refuses.
    bomb = gzip.compress(bytes(64 << 20), 9)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            decode(bomb, ("gzip",), LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, f"decoding allocated {peak} bytes at its peak"


@pytest.mark.parametrize(
    ("codings", "named"),
    [(("br",), "br"), (("zstd",), "zstd"), (("gzip", "compress"), "compress")],
)
def test_a_coding_the_console_cannot_read_is_named(codings: tuple[str, ...], named: str) -> None:
    with pytest.raises(Unsupported) as raised:
        decode(BODY, codings, LIMIT)
    assert raised.value.coding == named


def test_more_layers_than_the_maximum_are_refused_before_any_work() -> None:
    encoded = BODY
    for _ in range(MAX_LAYERS + 1):
        encoded = gzip.compress(encoded)
    with pytest.raises(TooManyLayers) as raised:
        decode(encoded, ("gzip",) * (MAX_LAYERS + 1), LIMIT)
    assert raised.value.count == MAX_LAYERS + 1
    assert decode(gzip.compress(gzip.compress(BODY)), ("gzip",) * 2, LIMIT) == BODY


@pytest.mark.parametrize(
    ("encoded", "codings"),
    [
        (b"not gzip at all", ("gzip",)),
        (gzip.compress(BODY)[:-6], ("gzip",)),  # truncated
        (gzip.compress(BODY) + b"trailing", ("gzip",)),
        (zlib.compress(BODY)[:-3], ("deflate",)),
        (zlib.compress(BODY) + b"x", ("deflate",)),
        (b"\xff" * 20, ("deflate",)),
        (BODY, ("gzip", "gzip")),
    ],
)
def test_broken_data_is_reported_as_broken(encoded: bytes, codings: tuple[str, ...]) -> None:
    with pytest.raises(Broken):
        decode(encoded, codings, LIMIT)
