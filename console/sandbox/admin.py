"""The sandbox's own admin endpoint: mint tokens, reset, move the clock (`nowgg-console sandbox
mint|reset|advance`).

It lives under `/_sandbox/`, a prefix no now.gg path has, so nothing a client sends to the API
can reach it by mistake, and it answers only

- requests from this machine (a loopback peer address): a sandbox served on 0.0.0.0 for a
  team's game servers must not let any of them reset it under another's test, and
- requests carrying the sandbox's own key (raw, as the API takes it) in `Authorization`.

Replies are JSON of the endpoint's own, never now.gg's envelope: every one carries
`"sandbox": "nowgg-console"`, which is how a client knows it reached a sandbox and not a
production host answering 150 or a web server answering 404. Success is HTTP 200 with
`"ok": true`; a refusal is HTTP 4xx with `"ok": false` and `"error"`, one sentence.

    POST /_sandbox/mint     count, state (paid|unpaid|failed), store, testOrder, subscription
                            → {"tokens": [{"token", "store", "productId", "currency",
                               "purchaseState", "isTestOrder", "subscription"}], "clock"}
    POST /_sandbox/reset    → {"orders", "subscriptions", "clock"}
    POST /_sandbox/advance  hours (above 0, at most a leap year)
                            → {"clock", "aheadHours", "events": [{"notificationType",
                               "token", "orderId", "eventTime", "expiryTime"}]}

`clock` and the times are epoch milliseconds on the sandbox's clock.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable, Mapping
from typing import Final

from console.sandbox.admin_wire import ADMIN_MARKER, ADMIN_PREFIX
from console.sandbox.clock import HOUR_MS
from console.sandbox.minting import MintRefused, parse_mint_form
from console.sandbox.orders import SeedOrder
from console.sandbox.replies import Reply, json_reply
from console.sandbox.state import SandboxState
from console.sandbox.subscriptions import MAX_PERIOD_HOURS

MAX_ADVANCE_HOURS: Final = MAX_PERIOD_HOURS


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX)


def answer(
    state: SandboxState,
    *,
    path: str,
    method: str,
    peer: object,
    authorized: bool,
    form: Mapping[str, str],
) -> Reply:
    """The reply to a request under `ADMIN_PREFIX`; `peer` is ASGI's `client` (host, port)."""
    if not from_loopback(peer):
        return refused(403, "the sandbox's admin endpoint answers requests from this machine only")
    if not authorized:
        return refused(403, "the sandbox's admin endpoint answers the sandbox's key only")
    action = ACTIONS.get(path.removeprefix(ADMIN_PREFIX))
    if action is None:
        return refused(404, f"no such sandbox action; there are {', '.join(ACTIONS)}")
    if method != "POST":
        return refused(405, "the sandbox's actions are POST requests")
    return action(state, form)


def from_loopback(peer: object) -> bool:
    """Whether ASGI's `client` is this machine (127.0.0.0/8, ::1, or IPv4 mapped in IPv6)."""
    if not isinstance(peer, list | tuple) or not peer or not isinstance(peer[0], str):
        return False  # no peer address (a Unix socket, a test transport): not known as local
    try:
        address = ipaddress.ip_address(peer[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def ok(**payload: object) -> Reply:
    return json_reply({"sandbox": ADMIN_MARKER, "ok": True, **payload})


def refused(status: int, error: str) -> Reply:
    return json_reply({"sandbox": ADMIN_MARKER, "ok": False, "error": error}, status=status)


def mint(state: SandboxState, form: Mapping[str, str]) -> Reply:
    try:
        spec = parse_mint_form(form)
        minted = state.mint(spec)
    except MintRefused as refusal:
        return refused(400, str(refusal))
    rows = [_minted_row(order, spec.subscription) for order in minted]
    return ok(tokens=rows, clock=state.now_ms())


def _minted_row(order: SeedOrder, subscription: bool) -> dict[str, object]:
    return {
        "token": order.token,
        "store": order.store,
        "productId": order.product_id,
        "currency": order.currency,
        "purchaseState": order.data["purchaseState"],
        "isTestOrder": order.data["isTestOrder"],
        "subscription": subscription,
    }


def reset(state: SandboxState, form: Mapping[str, str]) -> Reply:
    summary = state.reset()
    return ok(orders=summary.orders, subscriptions=summary.subscriptions, clock=summary.now_ms)


def advance(state: SandboxState, form: Mapping[str, str]) -> Reply:
    text = form.get("hours", "").strip()
    try:
        hours = float(text) if len(text) <= 20 else math.nan
    except ValueError:
        hours = math.nan
    if not 0 < hours <= MAX_ADVANCE_HOURS:  # also false for nan
        return refused(400, f"hours must be a number above 0 and at most {MAX_ADVANCE_HOURS:g}")
    events = state.advance(hours)
    return ok(
        clock=state.now_ms(),
        aheadHours=state.clock_offset_ms / HOUR_MS,
        events=[
            {
                "notificationType": event.notification.value,
                "token": event.token,
                "orderId": event.order_id,
                "eventTime": event.event_ms,
                "expiryTime": event.expiry_ms,
            }
            for event in events
        ],
    )


ACTIONS: Final[Mapping[str, Callable[[SandboxState, Mapping[str, str]], Reply]]] = {
    "mint": mint,
    "reset": reset,
    "advance": advance,
}
