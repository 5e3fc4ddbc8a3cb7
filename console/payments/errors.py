"""Every way a call can fail, as a typed error with a one-line reason a person can act on.

Nothing escapes the client as a raw exception: httpx, JSON and socket errors are turned into
one of these. Each class says whether the request may have reached now.gg, because for a
consume that decides between "it failed, nothing happened" and "outcome unknown: verify".
"""

from __future__ import annotations

from typing import ClassVar

from console.outcome_category import OutcomeCategory
from console.payments.excerpt import one_line
from console.payments.received import ReceivedBody

FailureCategory = OutcomeCategory
"""A failure's category is one of the outcome categories every layer shares: each error class
below names its own, and that is the one mapping from a failure to its category."""


class PaymentsError(Exception):
    """The base of every failure of a call; `reason` is one line, without the API key."""

    kind: ClassVar[str] = "error"
    category: ClassVar[FailureCategory] = FailureCategory.NETWORK
    may_have_reached_server: bool = True
    """False only when the request certainly never reached now.gg (set per instance where
    only the moment of the failure tells, as for timeouts)."""
    reliable_answer: ClassVar[bool] = False
    """True when now.gg itself answered, so the outcome of a consume is known."""
    received: ReceivedBody | None = None
    """The body that came back (capped), when a reply arrived: an HTML page, a cut-off JSON,
    plain text. Set by the client, so a front end can show what arrived as it arrived."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def outcome_unknown(self) -> bool:
        """For a consume: the request may have been processed and we have no reliable answer."""
        return self.may_have_reached_server and not self.reliable_answer


# --- refused before sending ------------------------------------------------------------


class InputRejected(PaymentsError):
    kind = "input"
    category = FailureCategory.INPUT
    may_have_reached_server = False
    reliable_answer = True


class TokenRejected(InputRejected):
    """The purchase token is empty, too long or holds characters no token has."""

    kind = "invalid_token_input"


class StoreRuleViolation(InputRejected):
    """The store's rules forbid the request: missing multi-store fields, client-side consume."""

    kind = "store_rule"


# --- now.gg answered with an error --------------------------------------------------------


class ApiError(PaymentsError):
    """A reply with `success: false` or a non-zero `code`."""

    kind = "api_error"
    category = FailureCategory.API
    reliable_answer = True

    def __init__(self, code: int, message: str, reply: dict[str, object] | None = None) -> None:
        # The message comes off the wire: keep escape codes and line breaks out of the reason.
        shown = one_line(message, 200) or "no message"
        super().__init__(f"now.gg answered code {code}: {shown}")
        self.code = code
        self.message = message
        self.reply = reply or {}


class ContradictoryReply(ApiError):
    """`success` and `code` disagree (`success: true` with a non-zero code, or the reverse).

    Neither half can be trusted, so unlike other API errors the answer is not reliable: for a
    consume the outcome is unknown and must be resolved by verifying.
    """

    kind = "contradictory_reply"
    reliable_answer = False

    def __init__(
        self, success: bool, code: int, message: str, reply: dict[str, object] | None = None
    ) -> None:
        super().__init__(code, message, reply)
        shown = one_line(message, 200) or "no message"
        self.success = success
        self.reason = (
            f"the reply contradicts itself: success is {str(success).lower()} but code is "
            f"{code} ({shown}); the two disagree, so neither can be trusted"
        )
        self.args = (self.reason,)


# --- a reply that is not the documented JSON -----------------------------------------------


class HttpStatusError(PaymentsError):
    kind = "http_status"
    category = FailureCategory.HTTP

    def __init__(self, status: int, excerpt: str, reason: str | None = None) -> None:
        super().__init__(reason or f"HTTP {status} instead of a JSON reply: {excerpt}")
        self.status = status
        self.excerpt = excerpt


class NotJsonError(PaymentsError):
    """A body that is not JSON, typically an HTML error page from a proxy or load balancer."""

    kind = "not_json"
    category = FailureCategory.PARSE

    def __init__(self, status: int, content_type: str, excerpt: str) -> None:
        super().__init__(
            f"the reply (HTTP {status}, {content_type or 'no content type'}) is not JSON: {excerpt}"
        )
        self.status = status
        self.content_type = content_type
        self.excerpt = excerpt


class TruncatedJson(NotJsonError):
    """A reply that starts as JSON and stops in the middle of it: cut off by a proxy, a
    dropped connection without a declared length, or a server that ended it early."""

    kind = "truncated_json"

    def __init__(self, status: int, content_type: str, size: int, excerpt: str) -> None:
        super().__init__(status, content_type, excerpt)
        self.size = size
        self.reason = (
            f"the reply (HTTP {status}) was cut off after {size} byte{'s' * (size != 1)}, in "
            f"the middle of its JSON: {excerpt}"
        )
        self.args = (self.reason,)


class MalformedJson(NotJsonError):
    """A reply meant as JSON (it starts with `{` or `[`) that is not valid JSON."""

    kind = "malformed_json"

    def __init__(self, status: int, content_type: str, where: str, excerpt: str) -> None:
        super().__init__(status, content_type, excerpt)
        self.where = where
        self.reason = f"the reply (HTTP {status}) is not valid JSON {where}: {excerpt}"
        self.args = (self.reason,)


class EmptyBodyError(PaymentsError):
    kind = "empty_body"
    category = FailureCategory.PARSE

    def __init__(self, status: int) -> None:
        super().__init__(f"the reply (HTTP {status}) has an empty body")
        self.status = status


class ShapeError(PaymentsError):
    """JSON of the wrong shape or types: a field missing, or a string where an int belongs."""

    kind = "bad_shape"
    category = FailureCategory.PARSE

    def __init__(self, detail: str, excerpt: str | None = None) -> None:
        """`excerpt`: the start of the reply, when the problem is in the envelope itself."""
        quoted = f" (the reply: {excerpt})" if excerpt else ""
        super().__init__(f"the reply is JSON but not the documented shape: {detail}{quoted}")
        self.detail = detail
        self.excerpt = excerpt


class BodyTooLargeError(PaymentsError):
    kind = "body_too_large"
    category = FailureCategory.PARSE

    def __init__(
        self, limit_bytes: int, *, encodings: str | None = None, wire_bytes: int | None = None
    ) -> None:
        """`encodings` (the reply's Content-Encoding) when the size was passed while
        decompressing `wire_bytes` bytes: a small reply that expands is a compression bomb."""
        if encodings:
            on_the_wire = f", {wire_bytes} bytes on the wire" if wire_bytes is not None else ""
            how = f" once decompressed ({one_line(encodings, 60)}{on_the_wire})"
        else:
            how = ""
        super().__init__(
            f"the reply is larger than {_size(limit_bytes)}{how}, far beyond any documented "
            "reply; it was not read"
        )
        self.limit_bytes = limit_bytes
        self.encodings = encodings
        self.wire_bytes = wire_bytes


class UnreadableEncoding(PaymentsError):
    """A reply compressed in a way the console cannot or will not undo (br, zstd, five
    stacked layers), although it asked for an uncompressed one."""

    kind = "unreadable_encoding"
    category = FailureCategory.PARSE

    def __init__(self, encodings: str, why: str) -> None:
        shown = one_line(encodings, 60)
        super().__init__(
            f"the reply's Content-Encoding is {shown!r}: {why}; the console asked for an "
            "uncompressed reply (Accept-Encoding: identity), so the server or a proxy in "
            "between ignored that"
        )
        self.encodings = encodings
        self.why = why


# --- no usable reply ------------------------------------------------------------------------


class RequestTimeout(PaymentsError):
    kind = "timeout"
    category = FailureCategory.TIMEOUT

    def __init__(self, phase: str, seconds: float) -> None:
        super().__init__(f"no {phase} within {seconds:g} s (timeout)")
        self.phase = phase
        self.seconds = seconds
        # A connect timeout means the request was never sent; a read timeout means it was.
        self.may_have_reached_server = phase != "connection"


class DeadlineExceeded(RequestTimeout):
    """The whole exchange (connect, send, headers, body) outlived its total deadline.

    Per-read timeouts alone let a server that drips one byte at a time hold a call open for
    ever; the deadline ends it. `sent` is False only when the call was provably still
    connecting, so for a consume anything else is an unknown outcome.
    """

    kind = "deadline"

    def __init__(self, seconds: float, sent: bool) -> None:
        super().__init__("complete reply", seconds)
        self.sent = sent
        self.may_have_reached_server = sent


class ConnectFailed(PaymentsError):
    """The host refused the connection or could not be reached: nothing was sent."""

    kind = "connection_failed"
    may_have_reached_server = False


class DnsFailure(PaymentsError):
    kind = "dns"
    may_have_reached_server = False


class TlsFailure(PaymentsError):
    kind = "tls"
    may_have_reached_server = False


class NetworkFailure(PaymentsError):
    """The connection broke after the request was sent (reset, protocol error)."""

    kind = "network"


def _size(limit_bytes: int) -> str:
    """ "1 MiB", "4 KiB", "1500 bytes": the limit as a person would say it."""
    for unit, factor in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit_bytes >= factor and limit_bytes % factor == 0:
            return f"{limit_bytes // factor} {unit}"
    return f"{limit_bytes} bytes"
