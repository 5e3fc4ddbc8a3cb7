"""A decoded purchase in the stable `--json` shape (scripts rely on it; add keys, never
rename)::

    {
      "purchase": {<wire name>: <value as it came>, ...},   # documented fields present
                                                            # in the reply, then extras
      "decoded": {
        "headline": "Paid · Not consumed · 25.15 USD",
        "paymentState": "1 · Paid",
        "consumptionState": "0 · Not consumed",
        "purchaseTime": {"utc": str, "local": str, "unit": "seconds" | "milliseconds" | null,
                         "iso": "2021-09-01T20:49:57.125000+00:00" | null, "note": str}
                        | null,                             # null: no purchaseTime
        "amount": "25.15 USD" | null,
        "region": "US · United States" | null,
        "payTime": "2024-10-30 06:08:01 (time zone not stated)" | null,
        "testOrder": bool,
        "payload": {<name>: <value as text>, ...} | null,  # developerPayload as fields
        "payloadFormat": "JSON" | "query string" | "key=value pairs" | null,
        "orderCreated": "2024-10-30T06:08:01+00:00" | null  # the time the orderId carries
      },
      "anomalies": [{"code": str, "severity": "danger" | "warning" | "info",
                     "title": str, "meaning": str}, ...]   # danger first
    }
"""

from __future__ import annotations

from console.payments import PURCHASE_WIRE_NAMES, DecodedPurchase, order_id_time


def purchase_json(decoded: DecodedPurchase) -> dict[str, object]:
    purchase = decoded.purchase
    wire: dict[str, object] = {}
    for attribute, wire_name in PURCHASE_WIRE_NAMES.items():
        value = getattr(purchase, attribute)
        if value is not None:
            wire[wire_name] = value
    for name, value in purchase.extra.items():
        wire.setdefault(name, value)
    order_id = purchase.order_id
    created = order_id_time(order_id) if isinstance(order_id, str) else None
    time = decoded.purchase_time
    time_json: dict[str, object] | None = None
    if time is not None:
        time_json = {
            "utc": time.utc_text,
            "local": time.local_text,
            "unit": time.unit,
            "iso": time.instant.isoformat() if time.instant is not None else None,
            "note": time.note,
        }
    return {
        "purchase": wire,
        "decoded": {
            "headline": decoded.headline,
            "paymentState": decoded.payment_state,
            "consumptionState": decoded.consumption,
            "purchaseTime": time_json,
            "amount": decoded.amount,
            "region": decoded.region,
            "payTime": decoded.pay_time,
            "testOrder": decoded.is_test_order,
            # developerPayload read as fields (None when it is none of the shapes).
            "payload": decoded.payload.as_object() if decoded.payload else None,
            "payloadFormat": str(decoded.payload.format) if decoded.payload else None,
            "orderCreated": created.isoformat() if created else None,
        },
        "anomalies": [
            {
                "code": anomaly.code,
                "severity": str(anomaly.severity),
                "title": anomaly.title,
                "meaning": anomaly.meaning,
            }
            for anomaly in decoded.anomalies
        ],
    }
