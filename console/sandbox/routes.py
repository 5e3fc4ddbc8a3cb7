"""Which now.gg path reaches which endpoint, exactly as spelled (anything else answers 150).

Paths are case-sensitive, as a router of the API's kind is: acknowledge is documented all in
lower case (`v2/seller/order/acknowledgepurchase`), so `acknowledgePurchase` answers 150.

The vendor pages spell verify two ways: `v2/seller/order/verifyPurchase` in their headings and
`v2/sellers/order/verifyPurchase` in every newer code sample (API.md, "Path spelling"). The
sandbox answers both, as the live API presumably does. `only_verify_path` narrows it to one
spelling, the other then answering 150 like any unknown path, so that a client's fallback ("on
150, try the other spelling once") can be walked end to end (`sandbox serve --only-verify-path`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from console.payments.wire import (
    ACKNOWLEDGE_PATH,
    CONSUME_PATH,
    VERIFY_PATH,
    VERIFY_PATH_SELLERS,
)
from console.sandbox import endpoints
from console.sandbox.replies import Reply
from console.sandbox.state import SandboxState

Endpoint = Callable[[SandboxState, Mapping[str, str]], Reply]


class VerifySpelling(StrEnum):
    """A spelling of the verify path, as `--only-verify-path` names it."""

    SELLER = "seller"
    SELLERS = "sellers"

    @property
    def path(self) -> str:
        return VERIFY_PATH if self is VerifySpelling.SELLER else VERIFY_PATH_SELLERS

    @property
    def other(self) -> VerifySpelling:
        return VerifySpelling.SELLERS if self is VerifySpelling.SELLER else VerifySpelling.SELLER


_FIXED: Final[Mapping[str, Endpoint]] = {
    "/" + CONSUME_PATH: endpoints.consume,
    # Lower case, as documented; `acknowledgePurchase` is no route and answers 150.
    "/" + ACKNOWLEDGE_PATH: endpoints.acknowledge,
}


def routes(only_verify_path: VerifySpelling | None = None) -> Mapping[str, Endpoint]:
    """Path (with its leading slash, as ASGI gives it) → endpoint."""
    spellings = list(VerifySpelling) if only_verify_path is None else [only_verify_path]
    table = {"/" + spelling.path: endpoints.verify for spelling in spellings}
    table.update(_FIXED)
    return MappingProxyType(table)
