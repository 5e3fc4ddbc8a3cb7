"""The shape of one entry of the error catalog (see `catalog`): what a code or failure means
and what a person does next. One shape feeds the CLI `explain`, the TUI callouts and exports.

A named tuple, built at run time by `collections.namedtuple`: `nowgg-console explain` builds
the whole catalog, and neither `dataclasses` (with `inspect` behind it) nor `typing` is loaded
for it (console/__init__.py). Type checkers see the same fields, typed, below.
"""

from __future__ import annotations

from collections import namedtuple
from enum import StrEnum

from console.payments.severity import Severity


class CodeSource(StrEnum):
    """Who emits a code. Server and client SDK numbers overlap (0, 5, …): never mix them."""

    SERVER = "server"
    """A `code` in a reply of the Payments server API."""
    CLIENT_SDK = "client-sdk"
    """A `BillingResponse` code of the game's billing SDK, seen in tickets, never on the wire."""


TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import NamedTuple

    class _Fields(NamedTuple):
        code: int | None
        """None for a failure that has no code (timeout, HTML page, …)."""
        source: CodeSource | None
        name: str
        meaning: str
        """One sentence: what happened."""
        causes: tuple[str, ...]
        """Likely causes, most likely first."""
        next_steps: tuple[str, ...]
        """What to do, in order."""
        retry_safe: bool
        """True when sending the very same request again, unchanged, is harmless and may
        succeed. False whenever a consume could be involved and its outcome is not known:
        then verify first, which is always safe."""
        severity: Severity

else:
    _Fields = namedtuple(
        "_Fields",
        ("code", "source", "name", "meaning", "causes", "next_steps", "retry_safe", "severity"),
    )


class Explanation(_Fields):
    __slots__ = ()

    @property
    def title(self) -> str:
        """ "3901 · INVALID_PURCHASE_TOKEN", or the name alone when there is no code."""
        return self.name if self.code is None else f"{self.code} · {self.name}"
