"""What a pasted text is, in words, before anything is sent: a hint, never a refusal.

A ticket holds whatever the player or the game team pasted: a purchase token, now.gg's order
id, Google Play's order number, an error code from a game log, an e-mail address. Only a token
can be looked up; the rest earns 3901 and hides what the agent needed to hear ("this is an
order id: now.gg cannot be asked by order id"). The shapes are API.md's ("shapes seen"),
heuristics all: the agent can always send the text as typed.

Pure and light: no I/O, no httpx, so the console can say it as the text is pasted. The history
search for an order id is the desk's (`console/desk/identifying.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from console.payments.codes import lookup, nearest_codes
from console.payments.explanation import Explanation
from console.payments.order_ids import ORDER_ID, read_digits
from console.payments.token_paste import unwrap_paste


class PasteKind(StrEnum):
    PURCHASE_TOKEN = "purchase-token"
    ORDER_ID = "order-id"
    GOOGLE_PLAY_ORDER = "google-play-order"
    CODE = "code"
    EMAIL = "email"
    UNKNOWN = "unknown"


class TokenShape(StrEnum):
    NO_CODE = "No-Code token (-nowgg-…)"
    VENDOR_SAMPLE = "the documented sample's form (yyMMddHHmmss + letters + digits)"
    HEX_32 = "32 hexadecimal characters (an older token form)"
    SANDBOX = "a sandbox token of this console (sbx-…)"
    OTHER = "a shape not seen in now.gg's documentation"


@dataclass(frozen=True)
class Recognised:
    kind: PasteKind
    text: str
    """The text as read (the wrapping around it taken off)."""
    title: str
    """A few words: "A now.gg order id"."""
    says: str
    """What it means for the agent, in sentences."""
    shape: TokenShape | None = None
    """For a purchase token, its shape."""
    embedded_time: datetime | None = None
    """The time an order id or a sample-form token carries (UTC as written)."""
    codes: tuple[Explanation, ...] = ()
    """For a code: its meanings, server first, then the client SDK's."""
    nearest: tuple[int, ...] = ()
    """For an unknown code: the documented codes closest to it."""

    @property
    def is_token(self) -> bool:
        """Looked up as it is, without a second thought."""
        return self.kind is PasteKind.PURCHASE_TOKEN

    @property
    def said_before_sending(self) -> bool:
        """Something that is no token (an order id, a Google Play order number, a code, an
        e-mail address): the front ends say what it is instead of sending it, and send it as
        typed only when asked again — now.gg would answer 3901 and hide what it is."""
        return self.kind in _SAID_BEFORE_SENDING

    @property
    def never_sent(self) -> bool:
        """An e-mail address: personal data, and no token has one."""
        return self.kind is PasteKind.EMAIL


_SAID_BEFORE_SENDING: Final = frozenset(
    {PasteKind.ORDER_ID, PasteKind.GOOGLE_PLAY_ORDER, PasteKind.CODE, PasteKind.EMAIL}
)
_ORDER_ID_LIKE: Final = re.compile(r"1-\d{6,}")
# Google Play: `GPA.` + 4-4-4-5 digits (and `..0`, `..1` … for renewals).
_GOOGLE_PLAY: Final = re.compile(r"GPA\.\d{4}-\d{4}-\d{4}-\d{5}(?:\.\.\d+)?", re.IGNORECASE)
_GOOGLE_PLAY_LIKE: Final = re.compile(r"GPA\.[\d.-]+", re.IGNORECASE)
_EMAIL: Final = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}")
_CODE: Final = re.compile(r"[+-]?\d{1,6}")
_VENDOR: Final = re.compile(r"(\d{12})[A-Za-z]+\d+")
_HEX_32: Final = re.compile(r"[0-9a-fA-F]{32}")
_TOKEN_CHARS: Final = re.compile(r"[A-Za-z0-9._:/+=-]+")
_MIN_TOKEN_LENGTH: Final = 12


def recognise(pasted: str) -> Recognised:
    """What `pasted` is. Whitespace, line breaks, quotes and `purchaseToken=` are taken off
    first, as a lookup would; the rest is matched against the shapes, most telling first."""
    text, _ = unwrap_paste(pasted)
    text = "".join(text.split())  # a wrapped paste, joined as a lookup joins it
    if not text:
        return Recognised(PasteKind.UNKNOWN, text, "Nothing", "The paste is empty.")
    order = ORDER_ID.fullmatch(text)
    if order is not None and (when := read_digits(order.group(1), "%Y%m%d%H%M%S")) is not None:
        return Recognised(
            PasteKind.ORDER_ID,
            text,
            "A now.gg order id",
            "This is an order id, not a purchase token; now.gg cannot be asked by order id. "
            f"The order was created {_said(when)}. Search the history for the token seen "
            "with it, or ask the player for the purchase token; refunds and support "
            "requests to now.gg quote this order id.",
            embedded_time=when,
        )
    if _ORDER_ID_LIKE.fullmatch(text):
        return Recognised(
            PasteKind.ORDER_ID,
            text,
            "Looks like a now.gg order id",
            "It begins like a now.gg order id (1- and digits) but its digits hold no date: "
            "copied incompletely? now.gg cannot be asked by order id either way; ask the player "
            "for the purchase token.",
        )
    if _GOOGLE_PLAY.fullmatch(text):
        return Recognised(
            PasteKind.GOOGLE_PLAY_ORDER,
            text,
            "A Google Play order number",
            "This is Google Play's order number, not now.gg's: the purchase was made through "
            "Google Play, and now.gg has no record of it. Look it up in the Google Play "
            "Console's order management.",
        )
    if _GOOGLE_PLAY_LIKE.fullmatch(text):
        return Recognised(
            PasteKind.GOOGLE_PLAY_ORDER,
            text,
            "Looks like a Google Play order number",
            "It begins like Google Play's order numbers (GPA.1234-5678-9012-34567) but does "
            "not have their shape: copied incompletely? Either way it is Google Play's, not "
            "now.gg's.",
        )
    if _EMAIL.fullmatch(text):
        return Recognised(
            PasteKind.EMAIL,
            text,
            "An e-mail address",
            "This is an e-mail address, not a purchase token: it is never sent to now.gg. Ask "
            "the player for the purchase token or the order id from the receipt.",
        )
    if _CODE.fullmatch(text):
        return _code(text)
    return _token(text)


def _code(text: str) -> Recognised:
    number = int(text)
    found = lookup(number)
    if found:
        places = " and ".join(
            "a server code" if entry.source == "server" else "a client SDK code" for entry in found
        )
        meanings = " ".join(f"{entry.title}: {entry.meaning}" for entry in found)
        return Recognised(
            PasteKind.CODE,
            text,
            f"Error code {number}",
            f"This is {places}, not a purchase token. {meanings}",
            codes=found,
        )
    nearest = nearest_codes(number)
    listed = ", ".join(str(code) for code in nearest)
    return Recognised(
        PasteKind.CODE,
        text,
        f"Number {number}",
        f"This is a number, not a purchase token, and no documented code: neither the "
        f"server nor the client SDK has {number}. The nearest documented codes: {listed}.",
        nearest=nearest,
    )


def _token(text: str) -> Recognised:
    shape = token_shape(text)
    when: datetime | None = None
    vendor = _VENDOR.fullmatch(text)
    if shape is TokenShape.VENDOR_SAMPLE and vendor is not None:
        when = read_digits(vendor.group(1), "%y%m%d%H%M%S")
    if shape is TokenShape.OTHER and (
        len(text) < _MIN_TOKEN_LENGTH or not _TOKEN_CHARS.fullmatch(text)
    ):
        return Recognised(
            PasteKind.UNKNOWN,
            text,
            "Not a known shape",
            "This does not look like a purchase token, an order id or a code (too short, or "
            "characters no token has). Looking it up will most likely earn 3901.",
        )
    said = f" Its start reads as {_said(when)}." if when is not None else ""
    return Recognised(
        PasteKind.PURCHASE_TOKEN,
        text,
        "A purchase token",
        f"A purchase token: {shape.value}.{said}",
        shape=shape,
        embedded_time=when,
    )


def token_shape(token: str) -> TokenShape:
    """Which documented shape a token has (a heuristic: any shape may be looked up)."""
    if token.startswith("-nowgg-"):
        return TokenShape.NO_CODE
    if token.startswith("sbx-"):
        return TokenShape.SANDBOX
    vendor = _VENDOR.fullmatch(token)
    if vendor is not None and read_digits(vendor.group(1), "%y%m%d%H%M%S") is not None:
        return TokenShape.VENDOR_SAMPLE
    if _HEX_32.fullmatch(token):
        return TokenShape.HEX_32
    return TokenShape.OTHER


def _said(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M:%S} (UTC, as written in it)"
