"""Compressed replies through the client, against the hostile loopback server: it asks for
none, reads an honest one, and refuses a bomb or an unreadable coding with a parse error that
leaves a consume's outcome unknown (the consume may have been applied behind that reply)."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from console.payments.apikey import ApiKey
from console.payments.client import PaymentsClient, Timeouts
from console.payments.content_coding import MAX_LAYERS
from console.payments.curl import curl_line
from console.payments.errors import (
    BodyTooLargeError,
    FailureCategory,
    NotJsonError,
    PaymentsError,
    UnreadableEncoding,
)
from console.payments.query import PurchaseQuery
from tests.hostile_server import HOSTILE_KEY, HostileServer, Reply, bomb_reply, purchase_envelope

TIMEOUTS = Timeouts(connect=2, read=5)
HONEST = json.dumps(purchase_envelope(orderId="1-77")).encode()


def compressed(body: bytes, encoding: str) -> Reply:
    return Reply(
        headers=(("Content-Type", "application/json"), ("Content-Encoding", encoding)),
        body=body,
    )


def client_of(server: HostileServer) -> PaymentsClient:
    return PaymentsClient(server.url, ApiKey(HOSTILE_KEY), TIMEOUTS, max_body_bytes=64 * 1024)


async def consume_failure(server: HostileServer) -> PaymentsError:
    async with client_of(server) as payments:
        with pytest.raises(PaymentsError) as raised:
            await payments.consume(PurchaseQuery("hostile-token"))
    return raised.value


async def test_the_client_asks_for_an_uncompressed_reply_and_says_so_in_a_dry_run(
    hostile: HostileServer,
) -> None:
    async with client_of(hostile) as payments:
        await payments.verify(PurchaseQuery("hostile-token"))
        prepared = payments.prepare_verify(PurchaseQuery("hostile-token"))
    assert hostile.requests[0].headers["accept-encoding"] == "identity"
    assert ("Accept-Encoding", "identity") in prepared.headers
    assert "-H 'Accept-Encoding: identity'" in curl_line(prepared)


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (gzip.compress(HONEST), "gzip"),
        (zlib.compress(HONEST), "deflate"),
        (gzip.compress(gzip.compress(HONEST)), "gzip, gzip"),
        (HONEST, "identity"),
    ],
)
async def test_an_honest_compressed_reply_is_still_read(
    hostile: HostileServer, body: bytes, encoding: str
) -> None:
    hostile.default = compressed(body, encoding)
    async with client_of(hostile) as payments:
        result = await payments.verify(PurchaseQuery("hostile-token"))
    assert result.purchase.order_id == "1-77"


async def test_a_bomb_behind_a_consume_leaves_its_outcome_unknown(hostile: HostileServer) -> None:
    hostile.default = bomb_reply(64 << 20, ("gzip", "gzip"))
    error = await consume_failure(hostile)
    assert isinstance(error, BodyTooLargeError)
    assert error.reason.startswith("the reply is larger than 64 KiB once decompressed (gzip, gzip")
    assert error.category is FailureCategory.PARSE
    assert error.outcome_unknown is True
    assert len(hostile.requests) == 1


async def test_more_layers_than_the_console_undoes_are_refused(hostile: HostileServer) -> None:
    layers = MAX_LAYERS + 1
    body = HONEST
    for _ in range(layers):
        body = gzip.compress(body)
    hostile.default = compressed(body, ", ".join(["gzip"] * layers))
    error = await consume_failure(hostile)
    assert isinstance(error, UnreadableEncoding)
    assert f"it stacks {layers} layers of compression, more than the {MAX_LAYERS}" in error.reason
    assert error.outcome_unknown is True


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, br"])
async def test_a_compression_the_console_cannot_read_is_named(
    hostile: HostileServer, encoding: str
) -> None:
    hostile.default = compressed(b"\x1b\x00\xf8\xff" * 8, encoding)
    error = await consume_failure(hostile)
    assert isinstance(error, UnreadableEncoding)
    assert error.category is FailureCategory.PARSE
    assert f"Content-Encoding is {encoding!r}" in error.reason
    assert "is a compression this console cannot read" in error.reason


async def test_a_broken_layer_is_named_in_the_reason(hostile: HostileServer) -> None:
    hostile.default = compressed(zlib.compress(b"{}")[:-2], "deflate")
    error = await consume_failure(hostile)
    assert isinstance(error, NotJsonError)
    assert "its deflate encoding is broken" in error.reason
