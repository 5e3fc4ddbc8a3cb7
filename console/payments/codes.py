"""Every code of API.md in words: the server's reply codes and the client SDK's, kept apart
(their numbers overlap). What `explain CODE` prints, and what a reply's code means on screen.

Light on purpose: `nowgg-console explain` loads this and the tables behind it, not the
failure classes of `errors` (for those, `catalog.explain_failure`).
"""

from __future__ import annotations

from types import MappingProxyType

from console.payments.code_tables import CLIENT_CODES, SERVER_CODES
from console.payments.explanation import CodeSource, Explanation
from console.payments.severity import Severity

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` only for type checkers: see console/__init__.py
    from collections.abc import Mapping
    from typing import Final

_SERVER: Final[Mapping[int, Explanation]] = MappingProxyType(
    {entry.code: entry for entry in SERVER_CODES if entry.code is not None}
)
_CLIENT: Final[Mapping[int, Explanation]] = MappingProxyType(
    {entry.code: entry for entry in CLIENT_CODES if entry.code is not None}
)

UNKNOWN_CODE_NAME: Final = "Unknown code"


def server_codes() -> tuple[Explanation, ...]:
    """Every documented server code, in the order of API.md."""
    return SERVER_CODES


def client_codes() -> tuple[Explanation, ...]:
    """Every documented client SDK `BillingResponse` code."""
    return CLIENT_CODES


def client_code(code: int) -> Explanation | None:
    return _CLIENT.get(code)


def server_code(code: int, message: str | None = None) -> Explanation:
    """The explanation of a server `code`; an undocumented one says so, with its message."""
    known = _SERVER.get(code)
    if known is not None:
        return known
    said = f"; now.gg's message was {message.strip()!r}" if message and message.strip() else ""
    return Explanation(
        code=code,
        source=CodeSource.SERVER,
        name=UNKNOWN_CODE_NAME,
        meaning=f"Code {code} is not in now.gg's documentation{said}.",
        causes=(
            "A code now.gg added after this console was written.",
            "A code from a service in between (the multi-store API, a gateway).",
        ),
        next_steps=(
            "Verify the token (safe) to see the purchase's current state; after a consume, "
            "do that before anything else.",
            "Ask now.gg developer support what the code means, with the message and orderId.",
        ),
        retry_safe=False,
        severity=Severity.WARNING,
    )


def lookup(code: int) -> tuple[Explanation, ...]:
    """Every documented meaning of `code`: the server's first, then the client SDK's."""
    return tuple(entry for entry in (_SERVER.get(code), _CLIENT.get(code)) if entry is not None)


def nearest_codes(code: int, count: int = 4) -> tuple[int, ...]:
    """The documented codes (server or client SDK) closest in number to `code`, closest
    first: for an unknown code, the ones it was most likely meant to be (a digit mistyped)."""
    known = sorted({*_SERVER, *_CLIENT})
    return tuple(sorted(known, key=lambda candidate: (abs(candidate - code), candidate))[:count])
