"""`PurchaseQuery`: the one place a query is cleaned and checked. What a person pasted is
repaired and the repair said; what no token can hold, or a multi-store query without its
fields, never becomes a query at all."""

from __future__ import annotations

from dataclasses import replace

import pytest

from console.payments.errors import InputRejected, StoreRuleViolation, TokenRejected
from console.payments.query import PurchaseQuery
from console.payments.stores import Store


def test_a_pasted_token_is_cleaned_once_and_the_repair_is_kept() -> None:
    query = PurchaseQuery("  -nowgg-abc\r\n123 \n")
    assert query.token == "-nowgg-abc123"
    assert query.token_changes == (
        "removed surrounding whitespace and line breaks",
        "joined 2 lines that were wrapped",
    )
    # A copy with another field goes through the same checks and keeps what was repaired.
    copy = replace(query, store=Store.XIAOMI, product_id=" gems ", currency="INR")
    assert copy.token == "-nowgg-abc123" and copy.token_changes == query.token_changes
    assert copy.product_id == "gems"


@pytest.mark.parametrize(
    ("build", "error", "says"),
    [
        (lambda: PurchaseQuery("abc\u200bdef"), TokenRejected, "U+200B ZERO WIDTH SPACE"),
        (lambda: PurchaseQuery("   "), TokenRejected, "empty"),
        (lambda: PurchaseQuery("tok", Store.ONESTORE, "p1"), StoreRuleViolation, "currency"),
        (lambda: PurchaseQuery("tok", Store.XIAOMI, " ", "INR"), StoreRuleViolation, "product"),
        (lambda: PurchaseQuery.parse("tok", store="steam"), StoreRuleViolation, "unknown store"),
    ],
)
def test_input_that_makes_no_query_is_refused_with_its_reason(
    build: object, error: type[InputRejected], says: str
) -> None:
    assert callable(build)
    with pytest.raises(error) as raised:
        build()
    assert says in raised.value.reason
    assert raised.value.may_have_reached_server is False


def test_a_blank_store_is_the_default_store_and_a_named_one_any_case() -> None:
    onestore = PurchaseQuery.parse(
        "tok", store=" ", product_id="p1", currency="KRW", default_store=Store.ONESTORE
    )
    assert onestore.store is Store.ONESTORE
    assert PurchaseQuery.parse("tok", store="NowGG", default_store=Store.XIAOMI).store is (
        Store.NOWGG
    )
    plain = PurchaseQuery.parse("tok", product_id="  ", currency="")
    assert (plain.store, plain.product_id, plain.currency) == (Store.NOWGG, None, None)
