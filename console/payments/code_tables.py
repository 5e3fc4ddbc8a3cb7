"""Every code of API.md, explained for a support agent or an on-call engineer.

Server codes come back in replies; client SDK codes (`BillingResponse`) appear in tickets and
game logs only. They are two tables because their numbers overlap. Each entry is data: the
lookup functions live in `catalog`.
"""

from __future__ import annotations

from console.payments.explanation import CodeSource, Explanation
from console.payments.severity import Severity

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

_VERIFY_FIRST: Final = (
    "Verify the token first (always safe): if consumptionState is already 1, the consume "
    "worked and there is nothing more to do."
)
_ESCALATE: Final = (
    "If it persists, send the orderId, the environment and the time of the attempt to now.gg "
    "developer support."
)


def _server(
    code: int,
    name: str,
    meaning: str,
    causes: tuple[str, ...],
    next_steps: tuple[str, ...],
    *,
    retry_safe: bool = False,
    severity: Severity = Severity.WARNING,
) -> Explanation:
    return Explanation(
        code, CodeSource.SERVER, name, meaning, causes, next_steps, retry_safe, severity
    )


def _client(
    code: int,
    name: str,
    meaning: str,
    causes: tuple[str, ...],
    next_steps: tuple[str, ...],
    *,
    retry_safe: bool = False,
    severity: Severity = Severity.WARNING,
) -> Explanation:
    return Explanation(
        code, CodeSource.CLIENT_SDK, name, meaning, causes, next_steps, retry_safe, severity
    )


SERVER_CODES: Final[tuple[Explanation, ...]] = (
    _server(
        0,
        "success",
        "now.gg accepted the request and answered normally.",
        ("The request was well-formed, for the right app, key and host.",),
        (
            "Nothing to fix: read the decoded purchase (verify), or verify again to see the "
            "proof of a consume.",
        ),
        retry_safe=True,
        severity=Severity.INFO,
    ),
    _server(
        150,
        "interface not exist",
        "The server has no endpoint at this address: the request went to the wrong path or "
        "host, and nothing was processed.",
        (
            "A typo or an extra path segment in the environment's base URL.",
            "A path spelled as in some vendor samples ('sellers' instead of 'seller').",
            "A proxy or gateway in between rewrote the path.",
            "The base URL points at a different now.gg service.",
        ),
        (
            "Compare the base URL with https://payments-api.now.gg/ (global) or "
            "https://cloud-api.bluestacks.cn/ (China).",
            "Print the request (dry run) to see the exact URL that is sent.",
            "Once the address is fixed, sending again is safe: nothing was processed.",
        ),
    ),
    _server(
        3800,
        "ERROR_CONSUMING_PRODUCT",
        "now.gg could not consume the purchase.",
        (
            "The purchase was already consumed (a second consume of the same token).",
            "The purchase is unpaid or its payment failed.",
            "A multi-store consume sent the wrong productId, currency or type.",
            "A temporary fault at now.gg.",
        ),
        (
            _VERIFY_FIRST,
            "If it is paid and still not consumed, check the store fields, then consume once more.",
            _ESCALATE,
        ),
    ),
    _server(
        3900,
        "INVALID_AUTHORIZATION_KEY",
        "now.gg did not accept the API key.",
        (
            "The key belongs to another app, or to the other host (global and China keys differ).",
            "The key was rotated in nowStudio and this environment still holds the old one.",
            "The key was pasted partly, or with quotes or spaces inside it.",
            "The wrong environment is selected.",
        ),
        (
            "Check that the environment on screen is the one for this app and host.",
            "Copy the key again from nowStudio → credentials and store it for this environment.",
            "Ask the app's owner whether the key was rotated recently.",
        ),
    ),
    _server(
        3901,
        "INVALID_PURCHASE_TOKEN",
        "now.gg does not know this purchase token for this app and host.",
        (
            "The token was copied incompletely, or with extra characters (quotes, a line "
            "break, part of the ticket).",
            "The token belongs to another environment: a China token sent to the global host, "
            "or the other way round.",
            "The token belongs to another app, for example a test-track build with its own "
            "app id and key.",
            "A multi-store purchase was looked up without its store, productId or currency.",
            "What was pasted is an order id or product id, not a purchase token.",
        ),
        (
            "Paste the token again from its source and compare its length and both ends.",
            "Try the other environments (global, China) with the matching app's key.",
            "For Xiaomi, ONE store, Amazon or Huawei, give the store, productId and currency.",
            "Ask the user or game team for the token that belongs to the orderId.",
        ),
    ),
    _server(
        5014,
        "MULTISTORE_UNKNOWN_ERROR",
        "The store behind a multi-store purchase (Xiaomi, ONE store, Amazon, Huawei) "
        "returned an error now.gg could not classify.",
        (
            "The store's own API failed or is down.",
            "productId, currency or type do not match the purchase.",
            "The purchase is in a state that store does not accept for this call.",
        ),
        (
            "Check the store, productId and currency against the purchase.",
            "Verify again in a few minutes (safe); after a consume, verify before anything else.",
            _ESCALATE,
        ),
    ),
    _server(
        5015,
        "MULTISTORE_AUTH_ERROR",
        "now.gg could not authenticate with the store's API for this app.",
        (
            "The app's store credentials in nowStudio are missing, expired or wrong.",
            "The store revoked or rotated those credentials.",
        ),
        (
            "This is not the now.gg API key: changing it will not help.",
            "Ask the app's owner to check the store credentials in nowStudio.",
            "If they look right, escalate to now.gg developer support with the store's name.",
        ),
    ),
    _server(
        5001,
        "NO_VALID_SUBSCRIPTION_FOUND",
        "now.gg found no valid subscription for this token (acknowledgePurchase).",
        (
            "The token is for a one-time product, not a subscription: those are consumed, "
            "never acknowledged.",
            "The token was copied incompletely or belongs to another app or host.",
            "The subscription is long gone (expired, refunded) and now.gg no longer knows it.",
        ),
        (
            "Verify the token (safe): if it is a paid one-time purchase, consume it instead.",
            "If it should be a subscription, check the product id with the game team and "
            "paste the token again from its source.",
        ),
    ),
    _server(
        5002,
        "INVALID_SUBSCRIPTION_OPERATION",
        "The operation is not allowed for this subscription in its current state; for an "
        "acknowledge, most often: it is already acknowledged.",
        (
            "The subscription was already acknowledged (by the game server, or by an earlier "
            "acknowledge whose reply was lost).",
            "Its user cancelled it; it runs to the end of its period but takes no acknowledge.",
            "The purchase is unpaid or its payment failed.",
        ),
        (
            "Nothing to send again: now.gg did not acknowledge it twice.",
            "Check the history for an earlier acknowledge of this token; if there is none, "
            "ask the game team whether their server acknowledged it.",
            "Check that the user has the subscription's benefits.",
        ),
        severity=Severity.INFO,
    ),
    _server(
        5004,
        "SUBSCRIPTION_INACTIVE",
        "The subscription is not active: it can no longer be acknowledged.",
        (
            "It was not acknowledged within 3 days of the purchase, so now.gg cancelled it "
            "and refunded the payment.",
            "It expired, or was cancelled.",
            "A renewal payment failed.",
        ),
        (
            "Do not grant the subscription's benefits: the user was refunded.",
            "The user can subscribe again; tell the game team their acknowledge came too late "
            "(their server must acknowledge within 3 days).",
            "If the user says they were charged anyway, escalate with the orderId.",
        ),
    ),
    _server(
        5006,
        "ACTIVE_SUBSCRIPTION_ALREADY_EXISTS",
        "The user already has an active subscription for this product, so this one cannot "
        "be acknowledged.",
        (
            "A second purchase of a subscription the user already holds (bought twice, or on "
            "two devices).",
        ),
        (
            "Check that the existing subscription's benefits were granted; no new one is needed.",
            "This purchase is cancelled and refunded at its deadline if left unacknowledged; "
            "tell the user, or escalate to now.gg support if they were charged twice.",
        ),
        severity=Severity.INFO,
    ),
)


CLIENT_CODES: Final[tuple[Explanation, ...]] = (
    _client(
        0,
        "OK",
        "The billing SDK on the device reported success.",
        ("The purchase flow finished on the device.",),
        ("Verify the token on the server before granting: the client's word is not proof.",),
        retry_safe=True,
        severity=Severity.INFO,
    ),
    _client(
        1,
        "USER_CANCELED",
        "The user cancelled the purchase or pressed back.",
        (
            "The user closed the payment dialog.",
            "The user left a payment page (a bank or wallet page) before finishing.",
        ),
        (
            "This attempt charged nothing; the user can buy again.",
            "If the user reports a charge anyway, get the orderId or token and verify it.",
        ),
        retry_safe=True,
        severity=Severity.INFO,
    ),
    _client(
        2,
        "NETWORK_ERROR",
        "A network problem on the user's device interrupted billing.",
        (
            "No or unstable connection on the device.",
            "A VPN or firewall blocking the billing service.",
        ),
        (
            "Before buying again, check for a charge: if there is one, find the token or "
            "orderId and verify it, since the purchase may have gone through.",
            "Otherwise the user can try again on a stable connection.",
        ),
    ),
    _client(
        3,
        "BILLING_UNAVAILABLE",
        "Billing is unavailable: the billing API version does not support the requested type.",
        (
            "The game ships an outdated billing SDK.",
            "The product type (a subscription, say) is not supported by that SDK.",
        ),
        (
            "Ask the game team which SDK version the build uses, and to update it.",
            "Check that the product's type in nowStudio matches what the game requests.",
        ),
    ),
    _client(
        4,
        "ITEM_UNAVAILABLE",
        "The product cannot be bought right now.",
        (
            "The product is unpublished or disabled in nowStudio.",
            "The product is not offered in the user's region.",
            "The game asks for a product id that nowStudio does not have.",
        ),
        ("Check the product id and its status in nowStudio with the game team.",),
    ),
    _client(
        5,
        "DEVELOPER_ERROR",
        "The game called the billing SDK wrongly, or the app's billing setup is incomplete.",
        (
            "Invalid arguments from the game (a wrong product id or payment id).",
            "The app's setup in the now.gg billing service is incomplete.",
            "The app lacks a permission the SDK needs.",
        ),
        (
            "It is a game bug or setup problem, not the user's: send the game team the code, "
            "the product and the steps.",
        ),
    ),
    _client(
        6,
        "ERROR",
        "A fatal error inside the billing service stopped the purchase.",
        ("A fault in the billing service or SDK on the device.",),
        (
            "If the user sees a charge, find the token and verify it before anything else.",
            "Otherwise ask the user to try again later; escalate if it repeats.",
        ),
    ),
    _client(
        7,
        "ITEM_ALREADY_OWNED",
        "The user cannot buy this item again because an earlier purchase of it was never consumed.",
        (
            "The game granted (or failed to grant) the earlier purchase but never consumed it.",
            "The game crashed or lost connection between payment and consume.",
        ),
        (
            "Find the earlier purchase's token (game server logs, the user's device) and "
            "verify it.",
            "If it is paid and not consumed: make sure the item was granted, then consume it; "
            "the user can then buy again.",
        ),
    ),
    _client(
        8,
        "ITEM_NOT_OWNED",
        "The game tried to consume an item the user does not own.",
        (
            "The purchase was already consumed.",
            "The purchase was refunded or never completed.",
            "The game used a wrong token.",
        ),
        ("Verify the token: consumptionState 1 means it was already consumed; nothing to do.",),
        severity=Severity.INFO,
    ),
    _client(
        -1,
        "SERVICE_DISCONNECTED",
        "The game is not connected to the billing service at the moment.",
        ("Billing service maintenance.", "The app was in a transient state (just resumed)."),
        (
            "The game should re-initialise the billing client and retry.",
            "For the user: restart the game and try again.",
        ),
        retry_safe=True,
    ),
    _client(
        -2,
        "FEATURE_NOT_SUPPORTED",
        "The requested billing feature is not supported on this device.",
        ("An old device or SDK that lacks the feature (subscriptions, for example).",),
        ("Game team: check the feature is supported before offering it.",),
    ),
    _client(
        -3,
        "SERVICE_TIMEOUT",
        "The billing service did not answer in time.",
        ("A slow network on the device.", "The billing service is overloaded."),
        (
            "Check for a charge first: the purchase may have gone through; if so, verify "
            "its token.",
            "Otherwise the user can try again later.",
        ),
    ),
    _client(
        100,
        "INVALID_PAYMENT_ID",
        "The payment id the game gave the SDK is not valid.",
        (
            "The build carries another app's payment id, or one from another environment.",
            "Payments are not set up for the app in nowStudio.",
        ),
        ("Game team: compare the payment id in the build with nowStudio (it equals appId).",),
    ),
    _client(
        101,
        "PRODUCT_NOT_FOUND_ON_STUDIO",
        "The product id is not in nowStudio for this app.",
        (
            "A typo in the product id in the game.",
            "The product was never created, or belongs to another app.",
        ),
        ("Check the product list in nowStudio against the id the game requests.",),
    ),
    _client(
        102,
        "INVALID_PURCHASE_TOKEN",
        "The purchase token the game passed to the SDK is invalid.",
        (
            "The token was truncated or altered by the game.",
            "The token belongs to another app or environment.",
        ),
        (
            "Verify the token here: if now.gg rejects it too (3901), the token is wrong, not "
            "the purchase.",
        ),
    ),
    _client(
        103,
        "PRODUCT_ALREADY_CONSUMED",
        "The purchase was already consumed.",
        ("The game consumed it twice, for example retrying after a timeout.",),
        ("Verify the token and check the item was granted once; nothing more to consume.",),
        severity=Severity.INFO,
    ),
    _client(
        104,
        "PRODUCT_ALREADY_ACKNOWLEDGED",
        "The subscription purchase was already acknowledged.",
        ("The game acknowledged it twice.",),
        ("Nothing to do; check the user has the subscription's benefits.",),
        severity=Severity.INFO,
    ),
    _client(
        105,
        "PRODUCT_NOT_CONSUMED",
        "An earlier purchase of this product is not consumed yet.",
        ("The game never consumed a previous purchase of the same product.",),
        (
            "Verify the earlier purchase; if paid and not consumed, make sure the item was "
            "granted, then consume it.",
        ),
    ),
    _client(
        106,
        "ACTIVE_SUBSCRIPTION_CANNOT_BE_PURCHASED_AGAIN",
        "The user already has this subscription, active.",
        ("A second purchase of a subscription the user holds.",),
        ("Check the subscription's benefits are granted; no new purchase is needed.",),
        severity=Severity.INFO,
    ),
    _client(
        107,
        "NO_VALID_SUBSCRIPTION_FOUND",
        "No valid subscription was found for the user.",
        ("The subscription expired, was cancelled or refunded, or was never bought.",),
        ("Check the subscription's history with the game team; the user may subscribe again.",),
    ),
    _client(
        108,
        "PAYMENT_FAILED",
        "The payment did not go through.",
        (
            "The payment method was declined (card refused, not enough funds).",
            "The payment provider failed.",
        ),
        (
            "The user can try another payment method.",
            "If they see a charge anyway, find the token and verify it.",
        ),
    ),
    _client(
        109,
        "PAYMENT_CANCELLED",
        "The payment was cancelled before it completed.",
        ("The user or the payment provider cancelled it.",),
        ("The user can buy again; if they see a charge, find the token and verify it.",),
        retry_safe=True,
        severity=Severity.INFO,
    ),
    _client(
        110,
        "PAYMENT_TIMEOUT",
        "The payment did not complete in time.",
        (
            "The user did not finish on the payment provider's page.",
            "The payment provider answered too slowly.",
        ),
        (
            "Wait a few minutes, then verify the token if there is one: a late payment may "
            "still complete.",
            "Only then should the user buy again.",
        ),
    ),
    _client(
        1000,
        "INTERNAL_ERROR",
        "An internal error in now.gg's billing service.",
        ("A fault on now.gg's side.",),
        (
            "If the user sees a charge, find the token and verify it.",
            "Otherwise retry later; escalate with the time, orderId and device if it repeats.",
        ),
    ),
)
