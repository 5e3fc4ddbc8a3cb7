"""Tokens that inject a fault instead of an ordinary reply, on either endpoint.

Each stands for something that goes wrong between the console and now.gg in real life — a slow
or silent upstream, a proxy's error page, a broken or enormous body, a wrong path — so the
client's handling of each can be seen by hand (`nowgg-console verify sbx-fault-html-502`) and
kept by tests. A fault is chosen by the token alone: `type`, `productId` and the key do not
matter, because these failures happen before the API would look at them. The one exception is
the slow token, which after its delay is an ordinary paid order, key check included.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from console.sandbox.orders import NOWGG, SeedOrder, epoch_ms, order_data
from console.sandbox.replies import (
    ApiCode,
    Reply,
    encode_json,
    envelope,
    failure,
    json_reply,
)

SLOW_DELAY_S: Final = 2.0
# Longer than any sensible client timeout; nginx's default proxy_read_timeout is 60 s too.
NO_REPLY_HOLD_S: Final = 60.0
HUGE_BODY_BYTES: Final = 5 * 1024 * 1024


class Fault(StrEnum):
    SLOW = "slow"
    NO_REPLY = "no-reply"
    HTTP_500 = "http-500"
    HTML_502 = "html-502"
    MALFORMED_JSON = "malformed-json"
    EMPTY_BODY = "empty-body"
    HUGE_BODY = "huge-body"
    CODE_150 = "code-150"
    CONSUME_REPLY_LOST = "consume-reply-lost"
    CONSUME_NEVER_APPLIED = "consume-never-applied"


# Faults that touch consume only: verify answers these tokens as ordinary paid orders, so
# the console's "outcome unknown → verify to find out" path can be walked by hand.
CONSUME_ONLY_FAULTS: Final = frozenset({Fault.CONSUME_REPLY_LOST, Fault.CONSUME_NEVER_APPLIED})


@dataclass(frozen=True)
class FaultToken:
    token: str
    title: str
    fault: Fault


FAULT_TOKENS: Final[tuple[FaultToken, ...]] = (
    FaultToken("sbx-fault-slow-2s", "slow: a normal paid reply after 2 s", Fault.SLOW),
    FaultToken(
        "sbx-fault-no-reply",
        "no reply: holds the request open for up to 60 s (then a 504 page)",
        Fault.NO_REPLY,
    ),
    FaultToken("sbx-fault-http-500", "HTTP 500 Internal Server Error", Fault.HTTP_500),
    FaultToken("sbx-fault-html-502", "HTTP 502 with nginx's HTML error page", Fault.HTML_502),
    FaultToken(
        "sbx-fault-malformed-json", "HTTP 200 with truncated, malformed JSON", Fault.MALFORMED_JSON
    ),
    FaultToken("sbx-fault-empty-body", "HTTP 200 with an empty body", Fault.EMPTY_BODY),
    FaultToken("sbx-fault-huge-body", "HTTP 200 with a ~5 MiB JSON body", Fault.HUGE_BODY),
    FaultToken(
        "sbx-fault-code-150", 'HTTP 200 with code 150 "interface not exist"', Fault.CODE_150
    ),
    FaultToken(
        "sbx-fault-consume-reply-lost",
        "paid; consume takes effect but its reply never comes (verify shows Consumed)",
        Fault.CONSUME_REPLY_LOST,
    ),
    FaultToken(
        "sbx-fault-consume-never-applied",
        "paid; consume hangs without taking effect (verify shows Not consumed)",
        Fault.CONSUME_NEVER_APPLIED,
    ),
)

FAULTS_BY_TOKEN: Final[Mapping[str, FaultToken]] = MappingProxyType(
    {fault.token: fault for fault in FAULT_TOKENS}
)

_SLOW_TOKEN: Final = "sbx-fault-slow-2s"
_SLOW_MS: Final = epoch_ms(2024, 11, 12, 9, 0, 0)

# After its delay the slow token is an ordinary order, so it lives in the state and can be
# consumed like any other (the delay is what is being tested, not the reply).
SLOW_ORDER: Final = SeedOrder(
    token=_SLOW_TOKEN,
    title="paid, not consumed (answers after 2 s)",
    store=NOWGG,
    product_id=None,
    currency=None,
    data=MappingProxyType(
        order_data(
            _SLOW_TOKEN,
            time_ms=_SLOW_MS,
            serial=90,
            purchase_state=1,
            consumption_state=0,
            product_id="gems_100",
            currency="USD",
            amount="0.99",
            payload="uid=10090",
        )
    ),
)


def _paid_fault_order(token: str, serial: int, title: str) -> SeedOrder:
    return SeedOrder(
        token=token,
        title=title,
        store=NOWGG,
        product_id=None,
        currency=None,
        data=MappingProxyType(
            order_data(
                token,
                time_ms=_SLOW_MS,
                serial=serial,
                purchase_state=1,
                consumption_state=0,
                product_id="gems_100",
                currency="USD",
                amount="0.99",
                payload=f"uid={serial}",
            )
        ),
    )


CONSUME_FAULT_ORDERS: Final = (
    _paid_fault_order("sbx-fault-consume-reply-lost", 92, "paid, not consumed (reply lost)"),
    _paid_fault_order(
        "sbx-fault-consume-never-applied", 93, "paid, not consumed (consume never applied)"
    ),
)


def _nginx_page(status_line: str) -> bytes:
    # nginx's built-in error page, byte for byte (CRLF included): what a proxy in front of the
    # API sends when the upstream fails.
    return (
        f"<html>\r\n<head><title>{status_line}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status_line}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode("ascii")


HTML_CONTENT_TYPE: Final = "text/html"
TEXT_CONTENT_TYPE: Final = "text/plain; charset=utf-8"

BAD_GATEWAY_REPLY: Final = Reply(502, HTML_CONTENT_TYPE, _nginx_page("502 Bad Gateway"))
# What a held request finally gets, like nginx after its read timeout.
GATEWAY_TIMEOUT_REPLY: Final = Reply(504, HTML_CONTENT_TYPE, _nginx_page("504 Gateway Time-out"))
# What a held or delayed request gets when the sandbox stops under it.
STOPPING_REPLY: Final = Reply(503, TEXT_CONTENT_TYPE, b"The sandbox is stopping.\n")
INTERNAL_ERROR_REPLY: Final = Reply(500, TEXT_CONTENT_TYPE, b"Internal Server Error\n")
# A valid beginning cut off mid-object, as a dropped connection or a buggy proxy leaves it.
MALFORMED_JSON_REPLY: Final = Reply(
    200,
    "application/json",
    b'{"success":true,"code":0,"codeMsg":"success","data":{"purchaseTimeMillis":"17302',
)
EMPTY_BODY_REPLY: Final = Reply(200, "application/json", b"")


@functools.cache
def huge_body_reply() -> Reply:
    """A valid, paid-looking verify reply padded to about 5 MiB with an unknown list field.

    Built once and cached: the bytes are the same on every call, and building them is the
    slow part.
    """
    data = order_data(
        "sbx-fault-huge-body",
        time_ms=_SLOW_MS,
        serial=91,
        purchase_state=1,
        consumption_state=0,
        product_id="gems_100",
        currency="USD",
        amount="0.99",
        payload="uid=10091",
    )
    base = len(encode_json(envelope(ApiCode.SUCCESS, {**data, "auditTrail": []})))
    # Every entry has the same length (fixed-width sequence numbers), so the count is exact.
    entry_size = len(encode_json(_audit_entry(0))) + 1  # + the separating comma
    count = max(0, (HUGE_BODY_BYTES - base) // entry_size)
    data["auditTrail"] = [_audit_entry(i) for i in range(count)]
    return json_reply(envelope(ApiCode.SUCCESS, data))


def _audit_entry(seq: int) -> dict[str, object]:
    return {"seq": f"{seq:08d}", "event": "ledger.sync", "node": "pay-edge-03", "ok": True}


def immediate_reply(fault: Fault) -> Reply | None:
    """The reply of a fault that answers at once; None for the ones that wait first."""
    match fault:
        case Fault.HTTP_500:
            return INTERNAL_ERROR_REPLY
        case Fault.HTML_502:
            return BAD_GATEWAY_REPLY
        case Fault.MALFORMED_JSON:
            return MALFORMED_JSON_REPLY
        case Fault.EMPTY_BODY:
            return EMPTY_BODY_REPLY
        case Fault.HUGE_BODY:
            return huge_body_reply()
        case Fault.CODE_150:
            return failure(ApiCode.INTERFACE_NOT_EXIST)
        case Fault.SLOW | Fault.NO_REPLY | Fault.CONSUME_REPLY_LOST | Fault.CONSUME_NEVER_APPLIED:
            return None
