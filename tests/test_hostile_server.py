"""The hostile server itself: it must really send what a test scripts, or the tests built on
it would prove nothing."""

from __future__ import annotations

import gzip
import time

import httpx

from tests.hostile_server import HostileServer, Reply, bomb_reply, json_reply


def test_it_answers_by_token_and_counts_requests(hostile: HostileServer) -> None:
    hostile.reply_for("t-1", json_reply({"success": False, "code": 3901}))
    reply = httpx.post(hostile.url + "v2/x", data={"purchaseToken": "t-1"})
    assert reply.json()["code"] == 3901
    assert [received.token for received in hostile.requests] == ["t-1"]


def test_a_bomb_is_small_on_the_wire_and_stacked(hostile: HostileServer) -> None:
    bomb = bomb_reply(8 << 20, ("gzip", "gzip"))
    assert len(bomb.body) < 64 * 1024
    assert len(gzip.decompress(gzip.decompress(bomb.body))) == 8 << 20


def test_a_drip_sends_byte_by_byte(hostile: HostileServer) -> None:
    hostile.default = Reply(body=b"12345", drip_seconds=0.05)
    started = time.perf_counter()
    reply = httpx.post(hostile.url, data={"purchaseToken": "x"})
    assert reply.content == b"12345"
    assert time.perf_counter() - started >= 0.2
