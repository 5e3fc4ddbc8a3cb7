"""Both spellings of the verify path (API.md "Path spelling"), and the switch that narrows the
sandbox to one of them so that a client's fallback on code 150 can be tested end to end."""

from __future__ import annotations

import httpx
import pytest

from console.sandbox.routes import VerifySpelling
from console.sandbox.server import SandboxServer
from tests.sandbox.sandbox_wire import NOT_EXIST, call, client

SELLER = "v2/seller/order/verifyPurchase"
SELLERS = "v2/sellers/order/verifyPurchase"
PAID = {"purchaseToken": "sbx-paid-unconsumed-0001"}
XIAOMI = {
    "purchaseToken": "sbx-xiaomi-0006",
    "type": "xiaomi",
    "productId": "com.example.gems.500",
    "currency": "INR",
}


@pytest.mark.parametrize("form", [PAID, XIAOMI, {"purchaseToken": "no-such-token"}])
def test_both_spellings_answer_alike(http: httpx.Client, form: dict[str, str]) -> None:
    assert call(http, SELLERS, form) == call(http, SELLER, form)


def test_the_sellers_spelling_verifies_a_paid_order(http: httpx.Client) -> None:
    reply = call(http, SELLERS, PAID)
    assert isinstance(reply, dict)
    assert (reply["code"], reply["data"]["purchaseState"]) == (0, 1)


@pytest.mark.parametrize(
    ("only", "served", "refused"),
    [(VerifySpelling.SELLER, SELLER, SELLERS), (VerifySpelling.SELLERS, SELLERS, SELLER)],
)
def test_only_one_spelling_makes_the_other_answer_150(
    only: VerifySpelling, served: str, refused: str
) -> None:
    with SandboxServer(only_verify_path=only) as server, client(server.url) as http:
        assert call(http, refused, PAID) == NOT_EXIST
        reply = call(http, served, PAID)
        assert isinstance(reply, dict) and reply["code"] == 0
        # Consume is untouched by the switch.
        consumed = call(http, "v2/order/consumePurchase", PAID)
        assert isinstance(consumed, dict) and consumed["code"] == 0


def test_the_switch_names_the_path_it_serves() -> None:
    assert VerifySpelling("seller").path == SELLER
    assert VerifySpelling("sellers").path == SELLERS
