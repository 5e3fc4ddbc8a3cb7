"""The player's side of a purchase: `developerPayload` read as the fields the game put there.

Games put their own ids in `developerPayload` (API.md): JSON (`{"userId": …, "roleId": …}`),
a query string (`uid=10001&role=7`) or `key=value;…` pairs. A support agent searches the
ticket's user id, not a payload string, so the payload is shown and searched as fields. A
payload that is none of these stays a string, shown as it came: reading it is a courtesy,
never a rewrite.

Bounded: a payload longer than `MAX_PAYLOAD_CHARS` or with more than `MAX_FIELDS` fields is
left as a string (it is someone's data dump, not ids). Never raises.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import parse_qsl

MAX_PAYLOAD_CHARS: Final = 4096
MAX_FIELDS: Final = 40
_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")
_PAIR_SEPARATORS: Final = re.compile(r"[;,|]")


class PayloadFormat(StrEnum):
    JSON = "JSON"
    QUERY_STRING = "query string"
    PAIRS = "key=value pairs"


@dataclass(frozen=True)
class PayloadFields:
    format: PayloadFormat
    fields: tuple[tuple[str, str], ...]
    """(name, value) in the payload's order; nested JSON values as compact JSON."""

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def as_object(self) -> dict[str, str]:
        return dict(self.fields)


def decode_payload(value: object) -> PayloadFields | None:
    """The payload's fields, or None when it is no string, empty, or none of the shapes."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_PAYLOAD_CHARS:
        return None
    return _json(text) or _query_string(text) or _pairs(text)


def payload_matches(value: object, name: str, wanted: str) -> bool:
    """True when the payload holds `name` with the value `wanted` (as text, exactly; a JSON
    number 10001 matches "10001")."""
    decoded = decode_payload(value)
    return decoded is not None and decoded.get(name) == wanted


def _json(text: str) -> PayloadFields | None:
    if not text.startswith("{"):
        return None
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, dict) or not parsed or len(parsed) > MAX_FIELDS:
        return None
    fields = tuple((str(key), _json_text(item)) for key, item in parsed.items())
    return PayloadFields(PayloadFormat.JSON, fields)


def _json_text(item: object) -> str:
    if isinstance(item, str):
        return item
    try:
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return str(item)


def _query_string(text: str) -> PayloadFields | None:
    if "=" not in text or ";" in text:
        return None
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    return _checked(PayloadFormat.QUERY_STRING, pairs)


def _pairs(text: str) -> PayloadFields | None:
    if "=" not in text:
        return None
    pairs: list[tuple[str, str]] = []
    for piece in _PAIR_SEPARATORS.split(text):
        if not piece.strip():
            continue
        key, equals, item = piece.partition("=")
        if not equals or "=" in item:
            return None  # `a=b=c`: no pair of a name and its value
        pairs.append((key.strip(), item.strip()))
    return _checked(PayloadFormat.PAIRS, pairs)


def _checked(shape: PayloadFormat, pairs: list[tuple[str, str]]) -> PayloadFields | None:
    """Pairs whose every key reads as a name: `a=b=c` or free text with an `=` is no payload
    of fields."""
    if not pairs or len(pairs) > MAX_FIELDS:
        return None
    if not all(_KEY.fullmatch(key) for key, _ in pairs):
        return None
    return PayloadFields(shape, tuple(pairs))
