"""What verifyPurchase, consumePurchase and acknowledgePurchase answer to a request that
reached them.

Routing, the key check, faults and delays are the ASGI layer's business (`app`); here is only
the API's own logic, on parsed form fields, so each rule reads as one line and can be tested
without a socket.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from console.sandbox.orders import AMAZON, HUAWEI, NOWGG, STORES, SeedOrder
from console.sandbox.replies import ApiCode, Reply, failure, success
from console.sandbox.state import ConsumeOutcome, SandboxState
from console.sandbox.subscriptions import AckOutcome

# API.md [doc 000]: Amazon and Huawei purchases are consumed on the game client only.
CLIENT_CONSUME_STORES: Final = frozenset({AMAZON, HUAWEI})

ACKNOWLEDGE_CODES: Final[Mapping[AckOutcome, ApiCode]] = {
    AckOutcome.ACKNOWLEDGED: ApiCode.SUCCESS,
    AckOutcome.NOT_A_SUBSCRIPTION: ApiCode.NO_VALID_SUBSCRIPTION_FOUND,
    AckOutcome.ALREADY_ACKNOWLEDGED: ApiCode.INVALID_SUBSCRIPTION_OPERATION,
    AckOutcome.NOT_PAID: ApiCode.INVALID_SUBSCRIPTION_OPERATION,
    AckOutcome.INACTIVE: ApiCode.SUBSCRIPTION_INACTIVE,
    AckOutcome.ACTIVE_ONE_EXISTS: ApiCode.ACTIVE_SUBSCRIPTION_ALREADY_EXISTS,
}


def find_order(state: SandboxState, form: Mapping[str, str]) -> SeedOrder | ApiCode:
    """The order a request names, or the code the API answers when it cannot be had."""
    token = form.get("purchaseToken", "")
    if not token:
        return ApiCode.INVALID_PURCHASE_TOKEN
    # An absent or empty `type` means nowgg (API.md).
    requested_store = form.get("type") or NOWGG
    if requested_store not in STORES:
        # [decision] The multi-store API cannot route a store it does not know.
        return ApiCode.MULTISTORE_UNKNOWN_ERROR
    order = state.get(token)
    if order is None:
        return ApiCode.INVALID_PURCHASE_TOKEN
    if requested_store == NOWGG:
        # A multi-store token asked of nowgg: the store's API needs fields it was not given.
        return order if order.store == NOWGG else ApiCode.MULTISTORE_UNKNOWN_ERROR
    if order.store != requested_store:
        # The token exists, but not in the store the request names.
        return ApiCode.INVALID_PURCHASE_TOKEN
    if form.get("productId") != order.product_id or form.get("currency") != order.currency:
        return ApiCode.MULTISTORE_UNKNOWN_ERROR
    return order


def verify(state: SandboxState, form: Mapping[str, str]) -> Reply:
    found = find_order(state, form)
    if isinstance(found, ApiCode):
        return failure(found)
    return success(found.data)


def consume(state: SandboxState, form: Mapping[str, str]) -> Reply:
    found = find_order(state, form)
    if isinstance(found, ApiCode):
        return failure(found)
    if found.store in CLIENT_CONSUME_STORES:
        return failure(ApiCode.MULTISTORE_UNKNOWN_ERROR)
    outcome = state.consume(found.token, form.get("developerPayload"))
    match outcome:
        case ConsumeOutcome.CONSUMED:
            return success()
        case ConsumeOutcome.NOT_FOUND:
            # Unreachable with fixed seeds; kept so every outcome has its reply.
            return failure(ApiCode.INVALID_PURCHASE_TOKEN)
        case ConsumeOutcome.NOT_PAID | ConsumeOutcome.ALREADY_CONSUMED:
            return failure(ApiCode.ERROR_CONSUMING_PRODUCT)


def acknowledge(state: SandboxState, form: Mapping[str, str]) -> Reply:
    """acknowledgePurchase: form `purchaseToken` only; success carries `data: {}`.

    [decision] The documentation lists only the subscription codes for this endpoint, so a
    token the sandbox does not know is answered 5001 like a one-time purchase's: either way
    there is no valid subscription to acknowledge.
    """
    code = ACKNOWLEDGE_CODES[state.acknowledge(form.get("purchaseToken", ""))]
    return success() if code is ApiCode.SUCCESS else failure(code)
