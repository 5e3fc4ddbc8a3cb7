"""What a person typed as a purchase, read once: the query, or the typed reason it is none.

Front ends read the token and store fields with `read_query` (`Desk.read_query` knows the
environment's default store) and hand the result to the desk as it is. A `PurchaseQuery` is
looked up or consumed; a `QueryRefused` comes back as a refused lookup or consume, in the
guards' order (guards.py: a read-only environment is said before a bad token), with nothing
sent. Cleaning and checking themselves happen in one place only: `PurchaseQuery`.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.payments import InputRejected, PurchaseQuery, Store, several_tokens


@dataclass(frozen=True)
class QueryRefused:
    """Input that makes no query: the token as typed, and why (`TokenRejected`, or a
    `StoreRuleViolation` for an unknown store or missing multi-store fields)."""

    token: str
    error: InputRejected
    store: str | None = None
    """The store field as typed (None: left blank), kept for the record of the attempt."""
    product_id: str | None = None
    currency: str | None = None

    @property
    def reason(self) -> str:
        return self.error.reason


QueryInput = PurchaseQuery | QueryRefused
"""What the desk's operations take: a query, or input refused as one."""


def read_query(
    token: str,
    *,
    store: str | None = None,
    product_id: str | None = None,
    currency: str | None = None,
    default_store: Store = Store.NOWGG,
) -> QueryInput:
    """`PurchaseQuery.parse`, with its refusal returned as a value instead of raised."""
    try:
        return PurchaseQuery.parse(
            token,
            store=store,
            product_id=product_id,
            currency=currency,
            default_store=default_store,
        )
    except InputRejected as error:
        return QueryRefused(token, error, store or None, product_id or None, currency or None)


@dataclass(frozen=True)
class PastedText:
    """What a paste into a single token field holds, read before anything is sent."""

    token: str
    """The token cleaned (wrapping, quotes, `purchaseToken=` taken off), or the paste as
    given when it is no token: the lookup then says why, with nothing sent."""
    changes: tuple[str, ...]
    """What cleaning did, in words, for the front end to say."""
    several: tuple[str, ...]
    """The tokens, when the paste holds more than one (a worklist, not one lookup)."""
    problem: str | None
    """Why the paste is no token, or None."""


def read_paste(text: str) -> PastedText:
    """A paste read by the very cleaning a lookup applies (`PurchaseQuery`), so the token a
    field shows after a paste is the token that is sent."""
    several = several_tokens(text)
    if several:
        return PastedText(text, (), several, None)
    try:
        query = PurchaseQuery(text)
    except InputRejected as error:
        return PastedText(text, (), (), error.reason)
    return PastedText(query.token, query.token_changes, (), None)
