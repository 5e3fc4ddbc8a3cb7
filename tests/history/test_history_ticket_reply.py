"""The reply for the ticket read back for each outcome — consumed, refused, unknown, API error,
network error — in words, with the order id and what to tell the player; never JSON, never a
key; a refund request for a paid purchase only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.history import Action, HistoryEntry, Outcome
from console.history.export import masked_entries
from console.history.ticket_reply import to_ticket_reply
from tests.history.history_entries import T0, make_history_entry

KEY = "sk_live_0123456789abcdef0123456789ab"
TOKEN = "sbx-paid-unconsumed-0001"
ORDER_ID = "1-2024103006080100000000001"


def verify(consumed: int, *, state: int = 1, minutes: int = 0) -> HistoryEntry:
    data = {
        "purchaseTime": "1730268481000",  # 2024-10-30 06:08:01 UTC
        "purchaseState": state,
        "consumptionState": consumed,
        "orderId": ORDER_ID,
        "orderAmount": "0.99",
        "currency": "USD",
        "productId": "gems_100",
        "packageName": "com.example.game",
        "developerPayload": '{"uid": 10001}',
    }
    return make_history_entry(
        token=TOKEN,
        at=T0 + timedelta(minutes=minutes),
        order_id=ORDER_ID,
        reply={"success": True, "code": 0, "data": data, "leak": KEY},
        request={"headers": {"Authorization": KEY}, "form": {"purchaseToken": TOKEN}},
    )


def consume(outcome: Outcome, *, minutes: int = 1, **fields: object) -> HistoryEntry:
    return make_history_entry(
        token=TOKEN,
        at=T0 + timedelta(minutes=minutes),
        action=Action.CONSUME,
        outcome=outcome,
        operator="root",
        environment="production",
        order_id=ORDER_ID,
        reply={"success": outcome is Outcome.OK, "code": 0},
        **fields,
    )


def reply_for(*entries: HistoryEntry) -> str:
    text = to_ticket_reply(masked_entries(entries, [KEY]))
    assert "{" not in text and "}" not in text, text  # no JSON
    assert KEY not in text and KEY[-8:] not in text
    return text


def test_a_consumed_purchase_reads_as_found_done_and_what_to_tell() -> None:
    text = reply_for(verify(0), consume(Outcome.OK), verify(1, minutes=2))
    lines = text.splitlines()
    assert lines[0] == f"Purchase {TOKEN}"
    assert lines[1] == f"order id {ORDER_ID} · 0.99 USD · product gems_100 · sandbox environment"
    assert lines[2] == "Found: Paid 0.99 USD on 2024-10-30 06:08 UTC, not consumed."
    assert lines[3] == (
        "Done: Consumed at 06:09 UTC on 2024-10-30 by root on production; verified again: Consumed."
    )
    assert lines[4].startswith("Tell the player: We found your payment of 0.99 USD")
    # Consuming is not delivering: the game grants the item, so the player is not told it is
    # on their account, only what to do if it is not.
    assert "is now on your account" not in lines[4]
    assert "player id" in lines[4]
    assert "Refund request to now.gg" in text
    assert "- Reason: (the player's reason, in a sentence)" in text
    assert f"- Order id: {ORDER_ID}" in text
    assert len(text.split("---")[0].splitlines()) <= 6  # short enough to paste


def test_a_refused_consume_says_nothing_was_sent_and_why() -> None:
    refused = consume(Outcome.REFUSED, reason="already consumed: nothing to do")
    text = reply_for(verify(1), refused)
    assert "Found: Paid 0.99 USD on 2024-10-30 06:08 UTC, consumed." in text
    assert (
        "A consume was refused at 06:09 UTC on 2024-10-30, nothing sent: already consumed" in text
    )
    assert "the game has already processed the purchase" in text


def test_an_unknown_outcome_is_said_and_the_player_is_not_promised_anything() -> None:
    text = reply_for(verify(0), consume(Outcome.UNKNOWN, reason="no answer within 15 s"))
    assert "got no usable answer (outcome unknown): whether now.gg consumed it is not known" in text
    assert "Tell the player: We are confirming the status of your purchase" in text


@pytest.mark.parametrize(
    ("outcome", "code", "reason", "said"),
    [
        (Outcome.API, 3901, "invalid purchase token", "does not know this token"),
        (Outcome.API, 102, "invalid token", "now.gg answered code 102: invalid token."),
        (Outcome.HTTP, None, "HTTP 502 Bad Gateway", "an HTTP error on the way (HTTP 502"),
        (Outcome.PARSE, None, "an HTML page", "could not be read as now.gg's answer"),
        (Outcome.NETWORK, None, "connection refused", "the network failed (connection refused)"),
        (Outcome.TIMEOUT, None, "no reply within 15 s", "no answer from now.gg in time"),
        (Outcome.INPUT, None, "the token is empty", "nothing sent: what was given is no token"),
        (Outcome.KEY, None, "no key for sandbox", "nothing sent: no usable API key"),
        (Outcome.CANCELLED, None, None, "not looked up: cancelled before sending."),
    ],
)
def test_a_failed_lookup_says_what_happened(
    outcome: Outcome, code: int | None, reason: str | None, said: str
) -> None:
    failed = make_history_entry(
        token="no-such-token", outcome=outcome, code=code, reason=reason, reply=None
    )
    text = reply_for(failed)
    assert said in text
    assert "order id not known" in text
    assert "Refund request" not in text  # nothing paid, nothing to refund


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_category_reads_as_a_sentence(outcome: Outcome) -> None:
    # The shared categories (console/outcome_category.py): a lookup and a consume ending in
    # any of them is said in words, never a bare category or a crash.
    lookup = make_history_entry(token="t-1", outcome=outcome, reason="why", reply=None)
    text = reply_for(lookup, consume(outcome, reason="why"))
    assert "Found: " in text and "Done: " in text


def test_a_lost_reply_settled_by_a_verify_says_what_the_verify_found() -> None:
    lost = consume(Outcome.TIMEOUT, reason="no reply within 15 s", settlement="not_consumed")
    text = reply_for(verify(0), lost)
    assert "got no usable answer (timeout); verified since: NOT consumed" in text
    assert "We are confirming" not in text  # settled: nothing left to confirm
    assert "has not been delivered yet" in text


def test_a_consume_said_no_to_at_the_confirmation_sent_nothing() -> None:
    text = reply_for(verify(0), consume(Outcome.CANCELLED, reason="cancelled"))
    assert "A consume was cancelled at the confirmation at 06:09 UTC" in text
    assert "has not been delivered yet" in text


def test_an_unpaid_purchase_tells_the_player_no_money_was_taken() -> None:
    text = reply_for(verify(0, state=0))
    assert "Found: Not paid 0.99 USD" in text
    assert "no money was taken" in text
    assert "Refund request" not in text


def test_several_purchases_newest_first() -> None:
    other = make_history_entry(
        token="sbx-unpaid-0003",
        at=T0 + timedelta(hours=1),
        reply=None,
        outcome=Outcome.API,
        code=3901,
        reason="invalid",
    )
    text = reply_for(verify(0), other)
    assert text.index("Purchase sbx-unpaid-0003") < text.index(f"Purchase {TOKEN}")


def test_the_agents_note_is_a_reference_in_the_refund_draft_never_the_reason() -> None:
    text = reply_for(verify(0), consume(Outcome.OK, note="ZD-1234"), verify(1, minutes=2))
    assert "- Reason: (the player's reason, in a sentence)" in text
    assert "- Our reference: ZD-1234" in text
