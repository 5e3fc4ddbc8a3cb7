"""No reply can exhaust memory (issue 7, item 2): the client runs in a child process against
the hostile server's compression bombs, and the child's own peak RSS is read afterwards.

Before the decoding was bounded, `gzip, gzip` of 2.5 KB made the client allocate the whole
gibibyte it expands to; now every bomb is refused at the 1 MiB reply limit, and an honest
compressed reply is still read.
"""

from __future__ import annotations

import gzip
import json

import pytest

from console.payments.client import DEFAULT_MAX_BODY_BYTES
from tests.hostile_server import HostileServer, Reply, purchase_envelope
from tests.integration.bombs import GIB, Bomb, bombs
from tests.integration.peak_memory import MIB, verify_in_child

PEAK_LIMIT = 150 * MIB
ORDER_ID = "1-2024103006080112345"
HONEST = json.dumps(purchase_envelope(orderId=ORDER_ID)).encode()


def headers(encoding: str) -> tuple[tuple[str, str], ...]:
    return (("Content-Type", "application/json"), ("Content-Encoding", encoding))


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=HONEST),
        Reply(headers=headers("gzip"), body=gzip.compress(HONEST)),
    ],
    ids=["plain", "honest gzip"],
)
def test_an_honest_reply_is_read_in_little_memory(hostile: HostileServer, reply: Reply) -> None:
    hostile.default = reply
    measured = verify_in_child(hostile.url)
    assert measured.outcome == {"ok": True, "orderId": ORDER_ID}
    assert measured.peak_bytes < PEAK_LIMIT
    assert hostile.requests[0].headers["accept-encoding"] == "identity"


@pytest.mark.parametrize("bomb", bombs(), ids=lambda bomb: bomb.name)
def test_a_compression_bomb_is_refused_in_little_memory(hostile: HostileServer, bomb: Bomb) -> None:
    # A real bomb: small enough to pass the limit on the wire, enormous once decoded.
    assert len(bomb.body) < DEFAULT_MAX_BODY_BYTES < bomb.decoded_size
    assert bomb.decoded_size >= GIB or bomb.encodings == ("deflate",)
    hostile.default = bomb.reply
    measured = verify_in_child(hostile.url)
    assert measured.peak_bytes < PEAK_LIMIT, f"peak RSS {measured.peak_mib:.0f} MiB"
    assert measured.exit_code == 0
    assert measured.outcome["kind"] == "body_too_large"
    assert measured.outcome["category"] == "parse"
    assert measured.outcome["reason"] == (
        f"the reply is larger than 1 MiB once decompressed ({bomb.name}, {len(bomb.body)} "
        "bytes on the wire), far beyond any documented reply; it was not read"
    )


def test_a_compression_the_console_cannot_read_is_refused_by_name(
    hostile: HostileServer,
) -> None:
    # The brotli library is not installed, so br cannot even be tried; it must say so.
    hostile.default = Reply(headers=headers("br"), body=b"\x1b\x00\xf8\xff" * 64)
    measured = verify_in_child(hostile.url)
    assert measured.outcome["kind"] == "unreadable_encoding"
    assert measured.outcome["category"] == "parse"
    reason = str(measured.outcome["reason"])
    assert reason.startswith("the reply's Content-Encoding is 'br': br is a compression")
    assert measured.peak_bytes < PEAK_LIMIT
