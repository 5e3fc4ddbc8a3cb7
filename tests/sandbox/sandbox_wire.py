"""Plain-httpx helpers for the sandbox tests: the wire, never the project's client.

Every request goes to the sandbox's own loopback URL; `trust_env=False` keeps proxy settings
from the environment from sending it anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from console.payments.wire import ACKNOWLEDGE_PATH, CONSUME_PATH, VERIFY_PATH
from console.sandbox.keys import SANDBOX_API_KEY
from console.sandbox.orders import NOWGG, SeedOrder

VERIFY = VERIFY_PATH
CONSUME = CONSUME_PATH
ACKNOWLEDGE = ACKNOWLEDGE_PATH
ENDPOINTS = (VERIFY, CONSUME)

NOT_EXIST = {"success": False, "code": 150, "codeMsg": "interface not exist", "data": {}}
CONSUMED = {"success": True, "code": 0, "codeMsg": "success", "data": {}}


def client(base_url: str, timeout: float = 5.0) -> httpx.Client:
    return httpx.Client(base_url=base_url, trust_env=False, timeout=timeout)


def post(
    http: httpx.Client,
    path: str,
    fields: Mapping[str, str] | None,
    *,
    key: str | None = SANDBOX_API_KEY,
    timeout: float | None = None,
) -> httpx.Response:
    headers = {} if key is None else {"Authorization": key}
    return http.post(
        path,
        data=dict(fields or {}),
        headers=headers,
        timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
    )


def fields_for(order: SeedOrder) -> dict[str, str]:
    """The form a correct request for `order` carries (multi-store fields when needed)."""
    fields = {"purchaseToken": order.token}
    if order.store != NOWGG:
        assert order.product_id is not None and order.currency is not None
        fields |= {"type": order.store, "productId": order.product_id, "currency": order.currency}
    return fields


def call(
    http: httpx.Client,
    path: str,
    fields: Mapping[str, str] | None,
    *,
    key: str | None = SANDBOX_API_KEY,
) -> object:
    """POST and return the decoded JSON, after checking it is JSON at HTTP 200."""
    reply = post(http, path, fields, key=key)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "application/json"
    return reply.json()


def failure(code: int, name: str) -> dict[str, object]:
    return {"success": False, "code": code, "codeMsg": name, "data": {}}
