"""What is looked up: one purchase, named by its token and, for multi-store, its store fields.

Making a `PurchaseQuery` is the one place a query is cleaned and checked: the token is cleaned
(`tokens.clean_token`: surrounding whitespace and wrapped lines repaired, anything no token can
hold refused), blank product ids and currencies count as not given, and a multi-store query
without its product id or currency is refused. So a query that exists can be sent as it is:
the client, the desk and the history take it without cleaning it again. What cleaning changed
stays with the query (`token_changes`), for the front end to say.

Front ends read what a person typed with `PurchaseQuery.parse`; every refusal is an
`InputRejected` (a `TokenRejected` or a `StoreRuleViolation`) whose reason a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console.payments.stores import Store, parse_store, require_store_fields
from console.payments.tokens import clean_token


@dataclass(frozen=True)
class PurchaseQuery:
    """A purchase to ask now.gg about; construction cleans and checks it (see the module).

    `dataclasses.replace` makes a new query through the same checks; cleaning a clean token
    changes nothing, so `token_changes` keeps what the first cleaning did.
    """

    token: str
    store: Store = Store.NOWGG
    product_id: str | None = None
    currency: str | None = None
    token_changes: tuple[str, ...] = field(default=(), compare=False)
    """What cleaning repaired in the token as given (empty when nothing was)."""

    def __post_init__(self) -> None:
        cleaned = clean_token(self.token)
        product_id = _given(self.product_id)
        currency = _given(self.currency)
        require_store_fields(self.store, product_id, currency)
        # Frozen: the cleaned values are put in place once, here, and never change again.
        object.__setattr__(self, "token", cleaned.value)
        object.__setattr__(self, "product_id", product_id)
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "token_changes", (*self.token_changes, *cleaned.changes))

    @classmethod
    def parse(
        cls,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
        default_store: Store = Store.NOWGG,
    ) -> PurchaseQuery:
        """The query a person typed: `store` by name (any case), blank or None meaning
        `default_store` (an environment's). Raises `InputRejected` with the reason."""
        chosen = parse_store(store) if store is not None and store.strip() else default_store
        return cls(token, chosen, product_id, currency)


def _given(value: str | None) -> str | None:
    """A field's value without surrounding blanks; None when there is nothing left."""
    if value is None or not value.strip():
        return None
    return value.strip()
