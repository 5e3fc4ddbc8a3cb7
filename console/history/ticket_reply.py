"""A reply for the ticket: per purchase, what was found, what was done, and what to tell the
player — in words an agent pastes as it is. Then a refund request to now.gg for the paid ones
(refunds have no API: an e-mail to now.gg developer support quoting the order id).

Built from history entries alone, as the Markdown export is (export.py), and as safe: it holds
no request, no reply body, no JSON and no key (the entries come masked, and only a few words of
each reply are read: states, amount, time). The Markdown export stays the audit record; this is
the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from console.history.entries import Action, HistoryEntry, Outcome, Settlement
from console.text_safety import printable

_MS_THRESHOLD: Final = 10**11
"""purchaseTime at or above this is milliseconds (API.md: decide by magnitude)."""
_PAID, _UNPAID, _FAILED = 1, 0, 2
_INVALID_TOKEN: Final = 3901
_CONSUMED: Final[dict[int | None, bool]] = {1: True, 0: False}
_REFUND_HEADING: Final = "Refund request to now.gg (e-mail developer support; there is no API)"


@dataclass(frozen=True)
class _Found:
    """What a verify's reply said, in the few words a reply to a player needs."""

    paid: int | None
    consumed: bool | None
    amount: str | None
    at: datetime | None
    test_order: bool
    order_id: str | None
    product_id: str | None
    package: str | None


def to_ticket_reply(entries: Iterable[HistoryEntry]) -> str:
    """The reply for the ticket, one section per purchase token, the most recent first."""
    by_token: dict[str, list[HistoryEntry]] = {}
    for entry in sorted(entries, key=lambda item: (item.at, item.id or 0)):
        by_token.setdefault(entry.token, []).append(entry)
    if not by_token:
        return "No history entries: nothing to reply.\n"
    ordered = sorted(by_token.values(), key=lambda story: story[-1].at, reverse=True)
    sections: list[str] = []
    refunds: list[str] = []
    for story in ordered:
        sections.append("\n".join(_section(story)))
        found = _last_found(story)
        if found is not None and found.paid == _PAID and not found.test_order:
            refunds.append("\n".join(_refund(story, found)))
    text = "\n\n".join(sections)
    if refunds:
        text += "\n\n---\n\n" + _REFUND_HEADING + "\n\n" + "\n\n".join(refunds)
    return text + "\n"


def _section(story: list[HistoryEntry]) -> list[str]:
    last = story[-1]
    found = _last_found(story)
    first_found = _first_found(story)
    order_id = (found.order_id if found else None) or _order_id(story)
    lines = [f"Purchase {_text(last.token)}"]
    essentials = [f"order id {_text(order_id)}" if order_id else "order id not known"]
    if found is not None and found.amount:
        essentials.append(found.amount)
    if found is not None and found.product_id:
        essentials.append(f"product {_text(found.product_id)}")
    essentials.append(f"{_text(last.environment)} environment")
    lines.append(" · ".join(essentials))
    lines.append(f"Found: {_found_sentence(first_found, story)}")
    done = [sentence for entry in story if (sentence := _done_sentence(entry, story))]
    if done:
        lines.append("Done: " + " ".join(done))
    lines.append(f"Tell the player: {_tell(story, found)}")
    return lines


def _found_sentence(found: _Found | None, story: list[HistoryEntry]) -> str:
    """The state first seen: before anything this console did to the purchase."""
    if found is None:
        failure = next((entry for entry in story if entry.action is not Action.CONSUME), None)
        return _failure_sentence(failure) if failure is not None else "not looked up."
    state = {_PAID: "Paid", _UNPAID: "Not paid", _FAILED: "Payment failed"}.get(
        found.paid if found.paid is not None else -1, "Payment state unknown"
    )
    parts = [state]
    if found.amount:
        parts.append(found.amount)
    if found.at is not None:
        parts.append(f"on {found.at:%Y-%m-%d %H:%M} UTC")
    consumed = {True: "consumed", False: "not consumed", None: "consumption not known"}
    sentence = " ".join(parts) + f", {consumed[found.consumed]}"
    if found.test_order:
        sentence += " (a test order: no real money)"
    return sentence + "."


# What a lookup that found no purchase says, by the category every layer shares
# (console/outcome_category.py): one sentence per category, so a new category fails the test
# that reads every one back instead of falling into a wrong sentence.
_LOOKUP_FAILED: Final[dict[Outcome, str]] = {
    Outcome.OK: "now.gg answered, but the reply held no purchase.",
    Outcome.API: "now.gg answered code {code}: {reason}.",
    Outcome.HTTP: "no answer from now.gg itself: an HTTP error on the way ({reason}).",
    Outcome.PARSE: "the reply could not be read as now.gg's answer ({reason}).",
    Outcome.NETWORK: "no answer from now.gg: the network failed ({reason}).",
    Outcome.TIMEOUT: "no answer from now.gg in time ({reason}).",
    Outcome.INPUT: "not looked up, nothing sent: what was given is no token ({reason}).",
    Outcome.KEY: "not looked up, nothing sent: no usable API key ({reason}).",
    Outcome.REFUSED: "not looked up: {reason}.",
    Outcome.CANCELLED: "not looked up: cancelled before sending.",
    Outcome.UNKNOWN: "the lookup's outcome is not known ({reason}).",
}


def _failure_sentence(entry: HistoryEntry) -> str:
    if entry.outcome is Outcome.API and entry.code == _INVALID_TOKEN:
        return (
            f"now.gg does not know this token on {_text(entry.environment)} (code 3901): it "
            "was copied incompletely, or belongs to another app or environment."
        )
    return _LOOKUP_FAILED[entry.outcome].format(code=entry.code, reason=_reason(entry))


def _done_sentence(entry: HistoryEntry, story: list[HistoryEntry]) -> str | None:
    """A consume in words: when, by whom, where, and the verify that proves it."""
    if entry.action is not Action.CONSUME:
        return None
    when = f"{entry.at:%H:%M} UTC on {entry.at:%Y-%m-%d}"
    who = f"by {_text(entry.operator)} on {_text(entry.environment)}"
    category = entry.outcome
    if category is Outcome.OK:
        proof = _proof_of(entry, story)
        if proof is None:
            return f"Consumed at {when} {who}; not verified again since."
        said = "Consumed" if proof.consumed else "NOT consumed"
        return f"Consumed at {when} {who}; verified again: {said}."
    if category is Outcome.REFUSED:
        return f"A consume was refused at {when}, nothing sent: {_reason(entry)}."
    if category is Outcome.CANCELLED:
        return f"A consume was cancelled at the confirmation at {when}, nothing sent."
    if category in (Outcome.INPUT, Outcome.KEY):
        return f"A consume was not sent at {when}: {_reason(entry)}."
    if category is Outcome.API:
        return f"A consume at {when} failed: now.gg answered code {entry.code}: {_reason(entry)}."
    # Sent, and the reply lost or unreadable (UNKNOWN, HTTP, PARSE, NETWORK, TIMEOUT): what
    # a verify established since is the answer.
    lost = f"A consume sent at {when} {who} got no usable answer ({category.words})"
    if entry.settlement is Settlement.CONSUMED:
        return f"{lost}; verified since: Consumed — it went through."
    if entry.settlement is Settlement.NOT_CONSUMED:
        return f"{lost}; verified since: NOT consumed — it did not take effect."
    if entry.resolution:
        return f"{lost}; resolved later: {_text(entry.resolution)}."
    if category is Outcome.UNKNOWN:
        return f"{lost}: whether now.gg consumed it is not known yet (history resolve verifies it)."
    return f"{lost}: {_reason(entry)}."


def _tell(story: list[HistoryEntry], found: _Found | None) -> str:
    consumed_here = any(
        entry.action is Action.CONSUME
        and (entry.outcome is Outcome.OK or entry.settlement is Settlement.CONSUMED)
        for entry in story
    )
    unknown = any(
        entry.unresolved and entry.settlement is None and not entry.resolution for entry in story
    )
    if unknown:
        return (
            "We are confirming the status of your purchase with the payment provider and "
            "will get back to you shortly."
        )
    if found is None:
        last = story[-1]
        if last.outcome is Outcome.API and last.code == _INVALID_TOKEN:
            return (
                "We could not find a purchase with the details you sent. Please send the "
                "purchase receipt or the order id from the payment confirmation e-mail."
            )
        return "We are looking into your purchase and will get back to you shortly."
    money = f" of {found.amount}" if found.amount else ""
    day = f" on {found.at:%Y-%m-%d}" if found.at is not None else ""
    if found.test_order:
        return "This was a test purchase: no real money was charged."
    if found.paid == _UNPAID:
        return (
            f"The payment{money}{day} was not completed, so no money was taken. Please try "
            "the purchase again."
        )
    if found.paid == _FAILED:
        return (
            f"The payment{money}{day} failed, so no money was taken. Please try the purchase "
            "again, or use another payment method."
        )
    if found.paid != _PAID:
        return "We are checking your purchase with the payment provider and will get back to you."
    if consumed_here and found.consumed:
        return (
            # Consuming settles the purchase at now.gg; granting the item is the game's own
            # step, so the player is not promised what this console cannot see.
            f"We found your payment{money}{day} and completed the purchase on our side. "
            "Please restart the game: if the item is still not on your account, reply with "
            "your player id and we will check the delivery with the game team."
        )
    if found.consumed:
        return (
            f"Your payment{money}{day} was received and the game has already processed the "
            "purchase. If the item is not on your account, please tell us your player id and "
            "we will check with the game team."
        )
    return (
        f"Your payment{money}{day} was received, but the item has not been delivered yet. "
        "We are arranging the delivery and will confirm when it is done."
    )


def _refund(story: Sequence[HistoryEntry], found: _Found) -> list[str]:
    entry = story[-1]
    # The newest note any entry of this purchase carries (the consume usually has it).
    note = next((each.note for each in reversed(story) if each.note), None)
    order_id = found.order_id or entry.order_id
    lines = [
        f"Subject: Refund request for order {_text(order_id or entry.token)}",
        "",
        "Hello now.gg developer support,",
        "",
        "please refund this purchase:",
        f"- Order id: {_text(order_id) if order_id else '(not known)'}",
    ]
    if found.amount:
        lines.append(f"- Amount: {found.amount}")
    if found.at is not None:
        lines.append(f"- Purchase date: {found.at:%Y-%m-%d %H:%M} UTC")
    if found.product_id:
        lines.append(f"- Product: {_text(found.product_id)}")
    if found.package:
        lines.append(f"- App: {_text(found.package)}")
    # The note is the agent's own (a ticket id, a remark): a reference, never the reason.
    lines.append("- Reason: (the player's reason, in a sentence)")
    if note:
        lines.append(f"- Our reference: {_text(note)}")
    lines += ["", "Thank you."]
    return lines


# -- reading the few words of a reply ------------------------------------------------------


def _first_found(story: list[HistoryEntry]) -> _Found | None:
    return next((found for entry in story if (found := _found(entry)) is not None), None)


def _last_found(story: list[HistoryEntry]) -> _Found | None:
    return next((found for entry in reversed(story) if (found := _found(entry)) is not None), None)


def _proof_of(consume: HistoryEntry, story: list[HistoryEntry]) -> _Found | None:
    """The verify linked to the consume as its proof (schema 3), else the first one after it
    (entries written before the link existed)."""
    if consume.proof_entry is not None:
        linked = next((entry for entry in story if entry.id == consume.proof_entry), None)
        if linked is not None and (found := _found(linked)) is not None:
            return found
    later = [entry for entry in story if entry.at >= consume.at and entry is not consume]
    return _first_found(later)


def _found(entry: HistoryEntry) -> _Found | None:
    """A verify's (or a resolve's) purchase, when the reply holds one."""
    if entry.action is Action.CONSUME or entry.outcome is not Outcome.OK:
        return None
    data = entry.reply.get("data") if isinstance(entry.reply, Mapping) else None
    if not isinstance(data, Mapping) or "purchaseState" not in data:
        return None
    return _Found(
        paid=_int(data.get("purchaseState")),
        consumed=_CONSUMED.get(_int(data.get("consumptionState"))),
        amount=_amount(data.get("orderAmount"), data.get("currency")),
        at=_time(data.get("purchaseTime")),
        test_order=data.get("isTestOrder") is True,
        order_id=_string(data.get("orderId")),
        product_id=_string(data.get("productId")),
        package=_string(data.get("packageName")),
    )


def _order_id(story: list[HistoryEntry]) -> str | None:
    return next((entry.order_id for entry in reversed(story) if entry.order_id), None)


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        return int(value)
    return None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _amount(amount: object, currency: object) -> str | None:
    if not isinstance(amount, str | int | float) or isinstance(amount, bool):
        return None
    shown = printable(str(amount))[:24]
    return f"{shown} {printable(currency)[:8]}" if isinstance(currency, str) else shown


def _time(value: object) -> datetime | None:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not text.isdigit() or len(text) > 16:
        return None
    number = int(text)
    seconds = number / 1000 if number >= _MS_THRESHOLD else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _reason(entry: HistoryEntry) -> str:
    return _text(entry.reason.rstrip(".")) if entry.reason else "no reason was recorded"


def _text(value: str | None) -> str:
    """Outside text on one line, control characters shown, never a Markdown fence."""
    return printable(value or "").replace("`", "'")
