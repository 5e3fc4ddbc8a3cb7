"""The notifications now.gg sends to a studio's endpoint, as its public docs describe them:

    {"notificationType": "SUBSCRIPTION_RENEWED",
     "data": {"orderId", "packageName", "productId", "eventTime", "expiryTime", "amount",
              "isTestOrder", "currency", "paymentId", "developerPayload"}}

with the four subscription types, and for web-shop orders `WEBSHOP_ITEM_PURCHASED` with
`orderId, packageName, productId, eventTime, paymentId`. Times are epoch milliseconds and
`amount` a number. `sample` builds a realistic one of each type; `decode` reads one received
from anyone (bounded, never trusting a field), every outside string made printable.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from console.text_safety import printable


class NotificationType(StrEnum):
    SUBSCRIPTION_PURCHASED = "SUBSCRIPTION_PURCHASED"
    SUBSCRIPTION_RENEWED = "SUBSCRIPTION_RENEWED"
    SUBSCRIPTION_CANCELLED = "SUBSCRIPTION_CANCELLED"
    SUBSCRIPTION_EXPIRED = "SUBSCRIPTION_EXPIRED"
    WEBSHOP_ITEM_PURCHASED = "WEBSHOP_ITEM_PURCHASED"


NOTIFICATION_TYPES: Final = tuple(kind.value for kind in NotificationType)

SUBSCRIPTION_FIELDS: Final = (
    "orderId",
    "packageName",
    "productId",
    "eventTime",
    "expiryTime",
    "amount",
    "isTestOrder",
    "currency",
    "paymentId",
    "developerPayload",
)
WEBSHOP_FIELDS: Final = ("orderId", "packageName", "productId", "eventTime", "paymentId")

MAX_BODY_BYTES: Final = 64 * 1024
"""A notification is a few hundred bytes; more than this is not read."""

_DAY_MS: Final = 24 * 3600 * 1000
_PERIOD_MS: Final = 30 * _DAY_MS


def sample(
    kind: NotificationType,
    *,
    now: datetime,
    order_id: str | None = None,
    package_name: str = "com.example.sandboxgame",
    product_id: str | None = None,
    payment_id: str = "8071",
) -> dict[str, object]:
    """A realistic notification of `kind` at `now`: what a studio's endpoint must accept."""
    event_ms = int(now.timestamp() * 1000)
    order = order_id or f"1-{now:%Y%m%d%H%M%S}00000000{event_ms % 1000:03d}"
    if kind is NotificationType.WEBSHOP_ITEM_PURCHASED:
        data: dict[str, object] = {
            "orderId": order,
            "packageName": package_name,
            "productId": product_id or "gems_100",
            "eventTime": event_ms,
            "paymentId": payment_id,
        }
        return {"notificationType": kind.value, "data": data}
    # Cancelled and expired subscriptions end now; the others run another period.
    ends = kind in (NotificationType.SUBSCRIPTION_CANCELLED, NotificationType.SUBSCRIPTION_EXPIRED)
    data = {
        "orderId": order,
        "packageName": package_name,
        "productId": product_id or "vip_monthly",
        "eventTime": event_ms,
        "expiryTime": event_ms if ends else event_ms + _PERIOD_MS,
        "amount": 4.99,
        "isTestOrder": True,
        "currency": "USD",
        "paymentId": payment_id,
        "developerPayload": "uid=30101",
    }
    return {"notificationType": kind.value, "data": data}


@dataclass(frozen=True)
class Notification:
    """A notification as received, in words; `problem` says why it is not a valid one."""

    kind: str
    """`notificationType` as sent (printable), or "" when there is none."""
    known: bool
    """One of the documented types."""
    fields: tuple[tuple[str, str], ...]
    """(wire name, value in words), in the documented order, then any others."""
    data: dict[str, object]
    """`data` as it came (JSON values), for `--json`."""
    problem: str | None = None

    @property
    def summary(self) -> str:
        """One line: "SUBSCRIPTION_RENEWED · orderId 1-… · vip_monthly · 4.99 USD · …"."""
        words = dict(self.fields)
        parts = [self.kind or "(no notificationType)"]
        for name in ("orderId", "productId"):
            if name in words:
                parts.append(f"{name} {words[name]}")
        if "amount" in words:
            parts.append(f"{words['amount']} {words.get('currency', '')}".strip())
        for name in ("eventTime", "expiryTime"):
            if name in words:
                parts.append(f"{name} {words[name]}")
        if self.problem:
            parts.append(f"problem: {self.problem}")
        return " · ".join(parts)


def decode(body: bytes) -> Notification:
    """What a received body says; never raises: a body that is no notification is one with
    its `problem` said."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Notification("", False, (), {}, "the body is not JSON")
    if not isinstance(value, dict):
        return Notification("", False, (), {}, "the body is not a JSON object")
    raw_kind = value.get("notificationType")
    kind = printable(raw_kind) if isinstance(raw_kind, str) else ""
    known = raw_kind in NOTIFICATION_TYPES
    data = value.get("data")
    if not isinstance(data, dict):
        return Notification(kind, known, (), {}, "`data` is missing or not an object")
    expected = WEBSHOP_FIELDS if raw_kind == "WEBSHOP_ITEM_PURCHASED" else SUBSCRIPTION_FIELDS
    names = [name for name in expected if name in data]
    names += [str(name) for name in data if name not in expected]
    fields = tuple((printable(name), _words(name, data[name])) for name in names)
    missing = [name for name in expected if name not in data]
    problem = None
    if not known:
        problem = "not a documented notificationType"
    elif missing:
        problem = "missing " + ", ".join(missing)
    return Notification(kind, known, fields, dict(data), problem)


def _words(name: str, value: object) -> str:
    if (
        name in ("eventTime", "expiryTime")
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        try:
            moment = datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return f"{value} (not a time)"
        return f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "(not a number)"
    return printable(json.dumps(value, ensure_ascii=False)[:200])
