"""The error catalog: every code of API.md (codes.py) and every failure of `errors`, in words
a support agent or on-call engineer can act on. The same text feeds `explain`, TUI callouts
and exports.

`explain_failure` takes an optional `consume`: whether the failed call was a consume. A
verify is always safe to repeat; a consume whose outcome is unknown must be resolved by
verifying, never by sending it again. When the caller does not say, the text covers both.
"""

from __future__ import annotations

from console.payments.codes import (
    UNKNOWN_CODE_NAME,
    client_code,
    client_codes,
    lookup,
    server_code,
    server_codes,
)
from console.payments.errors import (
    ApiError,
    BodyTooLargeError,
    ConnectFailed,
    ContradictoryReply,
    DeadlineExceeded,
    DnsFailure,
    EmptyBodyError,
    HttpStatusError,
    InputRejected,
    MalformedJson,
    NetworkFailure,
    NotJsonError,
    PaymentsError,
    RequestTimeout,
    ShapeError,
    StoreRuleViolation,
    TlsFailure,
    TokenRejected,
    TruncatedJson,
    UnreadableEncoding,
)
from console.payments.explanation import CodeSource, Explanation
from console.payments.severity import Severity

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

GENERIC_FAILURE_NAME = "Request failed"

__all__ = [
    "GENERIC_FAILURE_NAME",
    "UNKNOWN_CODE_NAME",
    "CodeSource",
    "Explanation",
    "client_code",
    "client_codes",
    "explain_failure",
    "lookup",
    "server_code",
    "server_codes",
]

# --- failures without a code ------------------------------------------------------------


def _failure(
    name: str,
    meaning: str,
    causes: tuple[str, ...],
    next_steps: tuple[str, ...],
    *,
    retry_safe: bool,
    severity: Severity = Severity.WARNING,
) -> Explanation:
    return Explanation(None, None, name, meaning, causes, next_steps, retry_safe, severity)


_ACKNOWLEDGE_UNKNOWN: Final = (
    "This was an acknowledge and its outcome is unknown: verifyPurchase does not say whether "
    "a subscription is acknowledged, so verifying cannot settle it. Acknowledging again is "
    "safe: now.gg answers 5002 INVALID_SUBSCRIPTION_OPERATION when the first one went "
    "through, and never acknowledges twice. Do it before the 3-day deadline."
)


def _settle(
    explanation: Explanation, error: PaymentsError, consume: bool | None, acknowledge: bool
) -> Explanation:
    """Add what an unknown outcome means for a write, and make retrying unsafe when needed."""
    if error.outcome_unknown and acknowledge:
        return explanation._replace(
            next_steps=(_ACKNOWLEDGE_UNKNOWN, *explanation.next_steps),
            retry_safe=True,
            severity=Severity.DANGER,
        )
    if not error.outcome_unknown or consume is False:
        return explanation
    if consume:
        step = (
            "This was a consume and its outcome is unknown: verify the token before anything "
            "else; if it shows consumed, the consume worked. Never just send it again."
        )
    else:
        step = (
            "If this was a consume, its outcome is unknown: verify the token before anything "
            "else, never just send the consume again. A verify can simply be repeated."
        )
    return explanation._replace(
        next_steps=(step, *explanation.next_steps),
        retry_safe=False,
        severity=Severity.DANGER if consume else explanation.severity,
    )


def _sentence(reason: str) -> str:
    return reason.strip().rstrip(".") + "."


def _in_doubt(consume: bool | None) -> str:
    """What a request that reached now.gg without a usable answer leaves in doubt: for a
    consume, whether it was processed; for a verify, nothing (a verify changes nothing)."""
    if consume is None:
        return (
            "For a consume, now.gg may or may not have processed it; a verify changes nothing "
            "and can simply be repeated."
        )
    if consume:
        return "now.gg may or may not have processed the consume."
    return "A verify changes nothing, so nothing is in doubt: it can simply be repeated."


def _again(consume: bool | None) -> str:
    if consume:
        return "Verify the token (safe) to see whether the consume went through."
    return "Verify again in a minute: a verify changes nothing."


def _contradictory(error: ContradictoryReply) -> Explanation:
    success = "true" if error.success else "false"
    code_says = server_code(error.code)
    return _failure(
        "Contradictory reply",
        f"now.gg's reply contradicts itself (success is {success} but code is {error.code}), "
        "so neither half can be trusted.",
        (
            "A fault at now.gg.",
            "A proxy or another service answered in a look-alike format.",
            f"If the code is right, it means: {code_says.title}: {code_says.meaning}",
        ),
        (
            "Do not act on this reply: grant nothing, consume nothing.",
            "Verify again (safe); if the contradiction repeats, send the raw reply from the "
            "history to now.gg developer support.",
        ),
        retry_safe=True,
    )


def _input(error: InputRejected) -> Explanation:
    if isinstance(error, TokenRejected):
        return _failure(
            "Token refused before sending",
            f"Nothing was sent: {_sentence(error.reason)}",
            (
                "Only part of the token was copied, or something came with it (quotes, a "
                "label, a line of the ticket).",
                "An order id or product id was pasted instead of the purchase token.",
            ),
            (
                "Copy the token alone from its source and paste it again.",
                "Order ids look like 1-2022…: ask the user or game team for the purchase token.",
            ),
            retry_safe=False,
        )
    if isinstance(error, StoreRuleViolation):
        return _failure(
            "Store rule",
            f"Nothing was sent: {_sentence(error.reason)}",
            (
                "A Xiaomi, ONE store, Amazon or Huawei purchase needs its productId and currency.",
                "Amazon and Huawei purchases are consumed by the game client, never the server.",
                "The store name is not one of nowgg, xiaomi, onestore, amazon, huawei.",
            ),
            (
                "Fill in the product id and currency from the ticket or the game server.",
                "For Amazon or Huawei, ask the game team to consume in the client with the "
                "store's SDK.",
            ),
            retry_safe=False,
        )
    return _failure(
        "Refused before sending",
        f"Nothing was sent: {_sentence(error.reason)}",
        ("The input does not have the shape the API needs.",),
        ("Correct the input and send again; nothing reached now.gg.",),
        retry_safe=False,
    )


def _http_status(error: HttpStatusError, consume: bool | None) -> Explanation:
    status = error.status
    if 300 <= status < 400:
        return _failure(
            f"HTTP {status} redirect",
            "The address answered with a redirect instead of a reply: the base URL is not the "
            "API's own address.",
            (
                "http:// where https:// is needed, or an old or mistyped host.",
                "A captive portal (hotel, airport Wi-Fi) or login proxy redirecting everything.",
            ),
            (
                "Check the environment's base URL against API.md's hosts.",
                "Open the host in a browser on this machine to see where it leads.",
            ),
            retry_safe=False,
        )
    if status in (401, 403, 407):
        return _failure(
            f"HTTP {status} refused",
            "Something between you and now.gg refused the request: now.gg reports a bad key "
            "as code 3900 in a normal reply, not as an HTTP status.",
            (
                "A corporate proxy that wants a login (HTTP 407).",
                "A firewall or web application firewall blocking this network or country.",
                "The base URL points at another service.",
            ),
            (
                "Try from another network, or ask IT whether the API host is allowed.",
                "Check the environment's base URL.",
            ),
            retry_safe=False,
        )
    if status == 429:
        return _failure(
            "HTTP 429 too many requests",
            "The request was rate-limited.",
            ("Too many requests in a short time from this machine or network.",),
            ("Wait a minute before trying again; slow down batch runs.",),
            retry_safe=True,
        )
    if 400 <= status < 500:
        return _failure(
            f"HTTP {status} client error",
            "The request was refused with an HTTP error, not a now.gg reply: usually the "
            "address is wrong.",
            (
                "A wrong path or host in the base URL (HTTP 404).",
                "A proxy in between rejecting the request.",
            ),
            (
                "Check the environment's base URL; print the request (dry run) to see it.",
                "Read the excerpt of the reply: it often names who answered.",
            ),
            retry_safe=False,
        )
    if 500 <= status < 600:
        return _failure(
            f"HTTP {status} server error",
            f"now.gg or a gateway in front of it failed. {_in_doubt(consume)}",
            (
                "A now.gg outage or deployment.",
                "A load balancer or proxy timing out (HTTP 502, 503, 504).",
            ),
            (
                "Wait a minute, then verify again (the excerpt and the raw body show who "
                "answered).",
                "If it persists, tell the on-call engineer and now.gg developer support, with "
                "the time.",
            ),
            retry_safe=True,
        )
    return _failure(
        f"HTTP {status}",
        "The server answered with an unexpected HTTP status instead of now.gg's JSON reply.",
        ("A proxy or a service that is not now.gg answered.",),
        ("Check the environment's base URL and read the excerpt of the reply.",),
        retry_safe=False,
    )


def _not_json(error: NotJsonError, consume: bool | None) -> Explanation:
    if isinstance(error, TruncatedJson):
        return _truncated(error, consume)
    if isinstance(error, MalformedJson):
        return _malformed(error, consume)
    html = "html" in error.content_type.lower() or error.excerpt.lstrip().startswith("<")
    if not html:
        return _failure(
            "Not a JSON reply",
            "The reply is plain text, not now.gg's JSON: something between you and now.gg "
            "answered in its own words.",
            (
                "A proxy, gateway or load balancer answering with its own message (such as "
                "'upstream connect error').",
                "The base URL points at another service, not the API.",
            ),
            (
                "Read the excerpt and the raw body: they usually name who answered.",
                "Check the environment's base URL and the network path (proxy, VPN).",
            ),
            retry_safe=True,
        )
    return _failure(
        "HTML error page",
        "The reply is a web page, not now.gg's JSON: something between you and now.gg answered.",
        (
            "A corporate proxy, captive portal (hotel or airport Wi-Fi login) or firewall page.",
            "A load balancer's error page during an outage.",
            "The base URL points at a website, not the API.",
        ),
        (
            "Read the excerpt (the page's title) and the raw body: they usually name the proxy "
            "or the problem.",
            "Open the base URL in a browser on this machine; check it in the environment.",
        ),
        retry_safe=True,
    )


def _truncated(error: TruncatedJson, consume: bool | None) -> Explanation:
    return _failure(
        "Reply cut off",
        f"The reply began as now.gg's JSON but stopped after {error.size} bytes, in the middle "
        f"of it, so it cannot be read. {_in_doubt(consume)}",
        (
            "A proxy or load balancer between you and now.gg cut the reply short (its own "
            "timeout or size limit).",
            "The connection dropped while the reply was being sent, and the server had not "
            "said how long the reply would be.",
            "A bug at now.gg, or in a gateway in front of it, ending the reply early.",
        ),
        (
            "Read the excerpt and the raw body: they show where the reply stopped.",
            _again(consume),
            "If it repeats, tell the on-call engineer, with the time and the raw body: the "
            "network path (proxy, VPN) or now.gg is at fault.",
        ),
        retry_safe=True,
    )


def _malformed(error: MalformedJson, consume: bool | None) -> Explanation:
    return _failure(
        "Malformed JSON reply",
        f"The reply is meant as JSON but is not valid JSON {error.where}, so it cannot be "
        f"read safely. {_in_doubt(consume)}",
        (
            "A bug at now.gg, or in a gateway in front of it, writing the reply.",
            "A proxy or security product rewriting the reply on its way.",
        ),
        (
            "Do not act on this reply: grant nothing, consume nothing.",
            _again(consume),
            "If it repeats, send the raw body and the time to now.gg developer support.",
        ),
        retry_safe=True,
    )


def _unreadable_encoding(_: UnreadableEncoding) -> Explanation:
    return _failure(
        "Unreadable compression",
        "The reply came compressed in a way this console does not read, although it asked "
        "for no compression; its content is unknown.",
        (
            "A proxy or CDN between you and now.gg compressing replies on its own (br, zstd).",
            "The base URL points at something that is not the API.",
        ),
        (
            "Do not act on this reply: grant nothing, consume nothing.",
            "Check the environment's base URL and the network path (proxy).",
        ),
        retry_safe=True,
    )


def _parse_failure(error: EmptyBodyError | ShapeError | BodyTooLargeError) -> Explanation:
    if isinstance(error, EmptyBodyError):
        return _failure(
            "Empty reply",
            "The reply had no body at all, where now.gg always sends JSON.",
            (
                "A proxy or load balancer cut the reply.",
                "The base URL points at another server.",
            ),
            (
                "Verify again in a minute.",
                "If it repeats, check the base URL and the network path (proxy, VPN).",
            ),
            retry_safe=True,
        )
    if isinstance(error, ShapeError):
        return _failure(
            "Unexpected reply shape",
            "The reply is JSON but not in the documented shape, so it cannot be read safely.",
            (
                "now.gg changed its reply format.",
                "Another service answered (a wrong base URL).",
                "A proxy rewrote the reply.",
            ),
            (
                "Do not act on this reply: grant nothing, consume nothing.",
                "Keep the raw reply from the history and report it to the console's maintainers.",
            ),
            retry_safe=True,
        )
    return _failure(
        "Reply too large",
        "The reply was far larger than any now.gg reply, so it was not read.",
        (
            "The base URL points at something that is not the API (a download, a web app).",
            "A proxy answered with a large page.",
            "A small reply compressed to expand enormously (a compression bomb): hostile.",
        ),
        ("Check the environment's base URL.",),
        retry_safe=True,
    )


def _timeout(error: RequestTimeout, consume: bool | None) -> Explanation:
    if not error.outcome_unknown:
        return _failure(
            "Timeout (connecting)",
            f"No connection could be made within {error.seconds:g} s; nothing was sent.",
            (
                "The host is unreachable from this network (firewall, VPN needed; the China "
                "host from abroad, or the global host from mainland China).",
                "now.gg is down or overloaded.",
            ),
            (
                "Check the network and VPN, then try again: nothing was sent.",
                "Try from another network to tell a local block from an outage.",
            ),
            retry_safe=True,
        )
    return _failure(
        "Timeout (waiting for the reply)",
        f"The request was sent but no reply came within {error.seconds:g} s. {_in_doubt(consume)}",
        (
            "now.gg is slow or overloaded.",
            "A slow or lossy network path (VPN, proxy).",
        ),
        (_again(consume), "If timeouts continue, tell the on-call engineer."),
        retry_safe=True,
    )


def _deadline(error: DeadlineExceeded, consume: bool | None) -> Explanation:
    if not error.outcome_unknown:
        return _failure(
            "Timeout (connecting)",
            f"No connection was ready within {error.seconds:g} s, the whole call's deadline; "
            "nothing was sent.",
            (
                "A very slow network path: a proxy, a VPN, a TLS handshake that stalls.",
                "now.gg is down or overloaded.",
            ),
            ("Check the network and VPN, then try again: nothing was sent.",),
            retry_safe=True,
        )
    return _failure(
        "Timeout (reply too slow)",
        f"The request was sent but the reply was not complete within {error.seconds:g} s, "
        f"the whole call's deadline (connect + read timeout). {_in_doubt(consume)}",
        (
            "A reply trickling in a few bytes at a time: an overloaded server or a broken proxy.",
            "Something that is not now.gg answering at the base URL.",
        ),
        (
            _again(consume),
            "If it keeps happening, check the base URL and the network path (proxy, VPN).",
        ),
        retry_safe=True,
    )


def _no_connection(error: ConnectFailed | DnsFailure | TlsFailure) -> Explanation:
    if isinstance(error, DnsFailure):
        return _failure(
            "Host name not found",
            "The API host's name could not be resolved; nothing was sent.",
            (
                "A typo in the environment's base URL.",
                "No network, or a DNS server that does not know the host (VPN-only DNS).",
            ),
            (
                "Check the host in the base URL.",
                "Check the network or VPN, then try again: nothing was sent.",
            ),
            retry_safe=True,
        )
    if isinstance(error, TlsFailure):
        return _failure(
            "TLS (certificate) failure",
            "The secure connection could not be set up; nothing was sent.",
            (
                "A corporate proxy or antivirus intercepting HTTPS with its own certificate.",
                "This machine's clock is wrong, so certificates look expired or not yet valid.",
                "https:// for a server that speaks plain http (a local sandbox), or a wrong host.",
                "Outdated CA certificates on this machine.",
            ),
            (
                "Check the system clock and time zone.",
                "Try from a network without the proxy, or ask IT to trust the API host; never "
                "turn certificate checks off.",
                "Check http/https and the host in the base URL.",
            ),
            retry_safe=False,
        )
    return _failure(
        "Connection failed",
        "The host refused the connection or could not be reached; nothing was sent.",
        (
            "A wrong host or port in the base URL.",
            "The local sandbox is not running (connection refused on 127.0.0.1).",
            "A firewall, or no network.",
        ),
        (
            "Check the base URL; start the sandbox if this environment uses it.",
            "Try again once the network is back: nothing was sent.",
        ),
        retry_safe=True,
    )


def _broken(_: NetworkFailure, consume: bool | None) -> Explanation:
    return _failure(
        "Connection broken",
        f"The connection broke after the request was sent. {_in_doubt(consume)}",
        (
            "An unstable network or a VPN reconnecting.",
            "A proxy or load balancer closing the connection.",
            "now.gg restarting.",
        ),
        (_again(consume), "If it keeps happening, check the network path."),
        retry_safe=True,
    )


def _generic(error: PaymentsError) -> Explanation:
    return _failure(
        GENERIC_FAILURE_NAME,
        _sentence(error.reason),
        ("A failure this console does not classify yet.",),
        ("Verify the token (safe) to see the purchase's current state.",),
        retry_safe=False,
    )


def explain_failure(
    error: PaymentsError, *, consume: bool | None = None, acknowledge: bool = False
) -> Explanation:
    """What `error` means and what to do; `consume` says whether the call was a consume
    (None: not known, so the text covers both), `acknowledge` that it was an acknowledge
    (whose unknown outcome verifying cannot settle). Every error class of `errors` is
    covered."""
    if isinstance(error, ContradictoryReply):
        return _settle(_contradictory(error), error, consume, acknowledge)
    if isinstance(error, ApiError):
        return server_code(error.code, error.message)
    explanation: Explanation
    if isinstance(error, InputRejected):
        explanation = _input(error)
    elif isinstance(error, HttpStatusError):
        explanation = _http_status(error, consume)
    elif isinstance(error, NotJsonError):
        explanation = _not_json(error, consume)
    elif isinstance(error, UnreadableEncoding):
        explanation = _unreadable_encoding(error)
    elif isinstance(error, EmptyBodyError | ShapeError | BodyTooLargeError):
        explanation = _parse_failure(error)
    elif isinstance(error, DeadlineExceeded):
        explanation = _deadline(error, consume)
    elif isinstance(error, RequestTimeout):
        explanation = _timeout(error, consume)
    elif isinstance(error, ConnectFailed | DnsFailure | TlsFailure):
        explanation = _no_connection(error)
    elif isinstance(error, NetworkFailure):
        explanation = _broken(error, consume)
    else:
        explanation = _generic(error)
    return _settle(explanation, error, consume, acknowledge)
