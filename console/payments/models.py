"""The typed, frozen objects a call takes and gives back.

Field names follow Python; `PURCHASE_WIRE_NAMES` maps them to the wire names of API.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

JsonObject = Mapping[str, object]


def _empty() -> JsonObject:
    return MappingProxyType({})


@dataclass(frozen=True)
class PreparedRequest:
    """The exact request a call sends, with the key masked: for dry runs, history and curl."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    """Headers as sent, except `Authorization`, which holds `masked_key`."""
    form: tuple[tuple[str, str], ...]
    masked_key: str


@dataclass(frozen=True)
class Envelope:
    """The reply envelope every endpoint uses: `{success, code, codeMsg, data}`."""

    success: bool
    code: int
    code_msg: str
    data: JsonObject = field(default_factory=_empty)
    raw: JsonObject = field(default_factory=_empty)
    """The whole reply as parsed, unknown top-level fields included."""


@dataclass(frozen=True)
class Purchase:
    """`data` of a successful verify reply. Every documented field is optional but the two
    states, because the 002 sample carries only eight of them; unknown fields go to `extra`."""

    purchase_state: int
    consumption_state: int
    purchase_time: str | None = None
    purchase_time_millis: str | None = None
    developer_payload: str | None = None
    order_id: str | None = None
    app_id: str | None = None
    kind: str | None = None
    region_code: str | None = None
    currency: str | None = None
    package_name: str | None = None
    pay_status_txt: str | None = None
    order_amount: str | None = None
    is_test_order: bool | None = None
    pay_time_txt: str | None = None
    seller_goods_id: str | None = None
    product_id: str | None = None
    purchase_token: str | None = None
    extra: JsonObject = field(default_factory=_empty)
    """Fields the documentation does not name, kept as they came (API.md: never drop them)."""


# Python field name -> wire name of API.md's table, in the table's order.
PURCHASE_WIRE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "purchase_state": "purchaseState",
        "consumption_state": "consumptionState",
        "purchase_time": "purchaseTime",
        "purchase_time_millis": "purchaseTimeMillis",
        "developer_payload": "developerPayload",
        "order_id": "orderId",
        "app_id": "appId",
        "kind": "kind",
        "region_code": "regionCode",
        "currency": "currency",
        "package_name": "packageName",
        "pay_status_txt": "payStatusTxt",
        "order_amount": "orderAmount",
        "is_test_order": "isTestOrder",
        "pay_time_txt": "payTimeTxt",
        "seller_goods_id": "sellerGoodsId",
        "product_id": "productId",
        "purchase_token": "purchaseToken",
    }
)


@dataclass(frozen=True)
class VerifyResult:
    purchase: Purchase
    envelope: Envelope
    request: PreparedRequest
    http_status: int
    latency_ms: float
