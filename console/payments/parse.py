"""Turn the bytes of a reply into an `Envelope` and a `Purchase`, or into a typed error.

A reply is judged by its `success` and `code` (API.md: now.gg answers errors with HTTP 200),
but whatever else arrives gets its own reason: an empty body, an HTML page from a proxy, a
status that is not 2xx, JSON of the wrong shape. Nothing but a `PaymentsError` leaves this
module, whatever the bytes; the property tests hold it to that.

Decisions on bytes that are not plain, documented JSON:

- A UTF-8 byte order mark is skipped (RFC 8259 lets a parser ignore it); any other invalid
  UTF-8 makes the body "not JSON".
- `NaN`, `Infinity` and `-Infinity` are not JSON: the body is "not JSON".
- A number too large to hold (`1e999`, or an integer of more than `MAX_INTEGER_DIGITS`
  digits), nesting deeper than `MAX_DEPTH`, a string with an unpaired surrogate escape
  (`"\\ud800"`, not Unicode: it cannot be printed or stored) and a key given twice in one
  object are a `ShapeError`. Duplicate keys are refused rather than "last one wins" because in
  `{"code": 0, "code": 3901}` no one can tell which code now.gg meant.
- Status and body together: a non-2xx status whose body is an envelope with a non-zero code
  is an `ApiError` (now.gg spoke, whatever the status); any other non-2xx is an
  `HttpStatusError`, even with a success envelope, because a success under a 5xx cannot be
  trusted. A 2xx is judged by its body alone.
- `data` only has to be an object on a successful reply: an error's answer is its code, and
  hiding code 3901 behind "data should be an object" would help nobody.
- `code` must be an integer from `CODE_MIN` to `CODE_MAX` (a 32-bit int: every code now.gg
  and its gateways use is four digits). A code of 2**63, -2**70, 3901.0, true or 1e400 is no
  code at all: the reply is a `ShapeError` quoting it, rather than a number that would break
  the history's SQLite column or a script reading the JSON output.
- Inside `data`, values keep their documented types (a wrong type is a `ShapeError` naming
  the field), but no magnitude is refused there: a purchaseState of 2**70 or a purchaseTime of
  40 digits comes through as sent, and decoding reads it as an unknown state or an unreadable
  time, with an anomaly, so the rest of the purchase can still be read.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NoReturn

from console.payments import wire
from console.payments.errors import (
    ApiError,
    ContradictoryReply,
    EmptyBodyError,
    HttpStatusError,
    MalformedJson,
    NotJsonError,
    ShapeError,
    TruncatedJson,
)
from console.payments.excerpt import body_excerpt, one_line
from console.payments.models import PURCHASE_WIRE_NAMES, Envelope, Purchase

# A documented reply nests three levels deep; anything near this is not from now.gg, and a
# bound here keeps every later consumer (decode, history, export) safe from recursion.
MAX_DEPTH: Final = 64
# Python's own default limit for turning digits into an int; ours does not depend on the
# interpreter's setting.
MAX_INTEGER_DIGITS: Final = 4300
CODE_MIN: Final = -(2**31)
CODE_MAX: Final = 2**31 - 1


class _Unreadable(Exception):
    """Internal: the body is not standard JSON. `meant_as_json` when it starts like JSON (so
    it is malformed or cut off, not an HTML page); `truncated` when it ends mid-way."""

    def __init__(
        self, detail: str = "", *, meant_as_json: bool = False, truncated: bool = False
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.meant_as_json = meant_as_json
        self.truncated = truncated


class _Unusable(Exception):
    """Internal: the body is JSON, but JSON nothing sensible can be built from."""


# --- the envelope ---------------------------------------------------------------------------


def parse_envelope(status: int, content_type: str, body: bytes) -> Envelope:
    """Judge a reply: an `Envelope` of a successful call, or the error the reply amounts to."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    if not body.strip():
        raise EmptyBodyError(status)
    status_ok = 200 <= status <= 299
    content_type = one_line(content_type)  # it comes off the wire and ends up in a reason

    try:
        document = _load_json(body)
    except _Unreadable as problem:
        excerpt = body_excerpt(body, content_type)
        if problem.truncated:
            cut = f"cut off after {len(body)} bytes"
            if not status_ok:
                raise HttpStatusError(status, f"{cut}: {excerpt}") from None
            raise TruncatedJson(status, content_type, len(body), excerpt) from None
        if problem.meant_as_json:
            if not status_ok:
                raise HttpStatusError(status, f"{problem.detail}: {excerpt}") from None
            raise MalformedJson(status, content_type, problem.detail, excerpt) from None
        if problem.detail:  # say why when the excerpt alone would not show it
            excerpt = f"{problem.detail}: {excerpt}"
        if not status_ok:
            raise HttpStatusError(status, excerpt) from None
        raise NotJsonError(status, content_type, excerpt) from None
    except _Unusable as problem:
        if not status_ok:
            raise HttpStatusError(status, body_excerpt(body, content_type)) from None
        raise ShapeError(str(problem), body_excerpt(body, content_type)) from None

    try:
        reply, success, code, code_msg = _judged_fields(document)
    except ShapeError as problem:
        excerpt = body_excerpt(body, content_type)
        if not status_ok:
            reason = f"HTTP {status} with JSON that is not a now.gg reply: {excerpt}"
            raise HttpStatusError(status, excerpt, reason=reason) from None
        raise ShapeError(problem.detail, excerpt) from None

    contradictory = success != (code == wire.CODE_SUCCESS)
    if code != wire.CODE_SUCCESS or (contradictory and status_ok):
        if contradictory:
            raise ContradictoryReply(success, code, code_msg, dict(reply))
        raise ApiError(code, code_msg, dict(reply))
    if not status_ok:
        if success:
            raise HttpStatusError(
                status,
                body_excerpt(body, content_type),
                reason=f"HTTP {status} with a reply that claims success: something between "
                "the console and now.gg is misbehaving, so the reply cannot be trusted",
            )
        raise HttpStatusError(status, body_excerpt(body, content_type))

    data = reply.get("data")
    if data is None:
        data = {}
    elif not isinstance(data, dict):
        _wrong_type("data", "an object (or null)", data)
    return Envelope(
        success=success,
        code=code,
        code_msg=code_msg,
        data=MappingProxyType(data),
        raw=MappingProxyType(reply),
    )


def _judged_fields(document: object) -> tuple[dict[str, object], bool, int, str]:
    """`success`, `code` and `codeMsg`, type-checked: without them no reply can be judged."""
    if not isinstance(document, dict):
        raise ShapeError(
            f"the reply is {_json_type(document)}, expected an object "
            "{success, code, codeMsg, data}"
        )
    if "success" not in document:
        raise ShapeError("'success' is missing (expected a boolean)")
    success = document["success"]
    if not isinstance(success, bool):
        _wrong_type("success", "a boolean", success)
    if "code" not in document:
        raise ShapeError("'code' is missing (expected an integer)")
    code = document["code"]
    if isinstance(code, bool) or not isinstance(code, int):
        _wrong_type("code", "an integer", code)
    if not CODE_MIN <= code <= CODE_MAX:
        raise ShapeError(
            f"'code' should be an integer from {CODE_MIN} to {CODE_MAX}, found {_shown(code)}"
        )
    # A missing or null message costs nothing to tolerate: the code carries the meaning.
    code_msg = document.get("codeMsg")
    if code_msg is None:
        code_msg = ""
    elif not isinstance(code_msg, str):
        _wrong_type("codeMsg", "a string", code_msg)
    return document, success, code, code_msg


# --- the purchase ---------------------------------------------------------------------------

_WIRE: Final = PURCHASE_WIRE_NAMES
_KNOWN_WIRE_NAMES: Final = frozenset(_WIRE.values())


def parse_purchase(envelope: Envelope) -> Purchase:
    """`data` of a successful verify reply as a `Purchase`; unknown fields kept in `extra`."""
    data = envelope.data
    if not isinstance(data, Mapping):
        _wrong_type("data", "an object", data)
    if not data:
        raise ShapeError(
            "the reply has no 'data': expected the purchase (purchaseState, consumptionState, …)"
        )
    return Purchase(
        purchase_state=_required_int(data, _WIRE["purchase_state"]),
        consumption_state=_required_int(data, _WIRE["consumption_state"]),
        purchase_time=_optional_time(data, _WIRE["purchase_time"]),
        purchase_time_millis=_optional_time(data, _WIRE["purchase_time_millis"]),
        developer_payload=_optional_str(data, _WIRE["developer_payload"]),
        order_id=_optional_str(data, _WIRE["order_id"]),
        app_id=_optional_str(data, _WIRE["app_id"]),
        kind=_optional_str(data, _WIRE["kind"]),
        region_code=_optional_str(data, _WIRE["region_code"]),
        currency=_optional_str(data, _WIRE["currency"]),
        package_name=_optional_str(data, _WIRE["package_name"]),
        pay_status_txt=_optional_str(data, _WIRE["pay_status_txt"]),
        order_amount=_optional_str(data, _WIRE["order_amount"]),
        is_test_order=_optional_bool(data, _WIRE["is_test_order"]),
        pay_time_txt=_optional_str(data, _WIRE["pay_time_txt"]),
        seller_goods_id=_optional_str(data, _WIRE["seller_goods_id"]),
        product_id=_optional_str(data, _WIRE["product_id"]),
        purchase_token=_optional_str(data, _WIRE["purchase_token"]),
        extra=MappingProxyType(
            {key: value for key, value in data.items() if key not in _KNOWN_WIRE_NAMES}
        ),
    )


def _required_int(data: Mapping[str, object], name: str) -> int:
    if name not in data:
        raise ShapeError(f"'data.{name}' is missing (expected an integer)")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        _wrong_type(f"data.{name}", "an integer", value)
    return value


def _optional_str(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is None or isinstance(value, str):
        return value
    _wrong_type(f"data.{name}", "a string", value)


def _optional_bool(data: Mapping[str, object], name: str) -> bool | None:
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return value
    _wrong_type(f"data.{name}", "a boolean", value)


def _optional_time(data: Mapping[str, object], name: str) -> str | None:
    """A time since the epoch, documented as a string of digits; an int is accepted too (and
    kept as its digits) because a JSON serialiser may well drop the quotes."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ShapeError(f"'data.{name}' should be a time since the epoch, found {value}")
        return str(value)
    if isinstance(value, str):
        if value.isascii() and value.isdigit():
            return value
        raise ShapeError(
            f"'data.{name}' should be a string of digits (a time since the epoch), "
            f"found {_shown(value)}"
        )
    _wrong_type(f"data.{name}", "a string of digits or an integer", value)


# --- strict JSON ------------------------------------------------------------------------------


def _load_json(body: bytes) -> object:
    """Standard JSON only, bounded in depth and size, with no ambiguous duplicate keys."""
    meant_as_json = body.lstrip()[:1] in (b"{", b"[")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as problem:
        where = f"at byte {problem.start}" if meant_as_json else ""
        detail = f"{where} (not valid UTF-8)" if where else "not valid UTF-8"
        raise _Unreadable(detail, meant_as_json=meant_as_json) from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_refuse_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except RecursionError:
        raise _Unusable(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except _Unreadable as problem:
        problem.meant_as_json = meant_as_json
        if meant_as_json:
            problem.detail = f"({problem.detail})"
        raise
    except json.JSONDecodeError as problem:
        if not meant_as_json:
            raise _Unreadable from None
        if _ends_mid_way(text, problem):
            raise _Unreadable(meant_as_json=True, truncated=True) from None
        detail = f"at line {problem.lineno}, column {problem.colno} ({problem.msg.lower()})"
        raise _Unreadable(detail, meant_as_json=True) from None
    except ValueError:
        raise _Unreadable(meant_as_json=meant_as_json) from None
    _check_depth_and_strings(document)
    return document


_LITERALS: Final = ("true", "false", "null")


def _ends_mid_way(text: str, problem: json.JSONDecodeError) -> bool:
    """The JSON is right as far as it goes and stops: the end of the text is where the parser
    wanted more (an open string, an object missing its close, a literal half-written)."""
    end = len(text.rstrip())
    if problem.pos >= end or problem.msg.startswith("Unterminated string"):
        return True
    rest = text[problem.pos : end]
    return any(literal.startswith(rest) for literal in _LITERALS)


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Unusable(
                    f"the key {_shown(key)} appears twice in one object, so which value "
                    "counts is ambiguous"
                )
            seen.add(key)
    return document


def _refuse_constant(name: str) -> NoReturn:
    # NaN and Infinity are Python's extension, not JSON.
    raise _Unreadable(f"{name} is not a JSON value", meant_as_json=True)


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Unusable(f"it holds an integer of {len(digits)} digits, too large to use")
    try:
        return int(digits)
    except ValueError:  # the interpreter may be configured with a lower digit limit
        raise _Unusable(f"it holds an integer of {len(digits)} digits, too large to use") from None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unusable(f"it holds the number {_shown(text)}, too large to represent")
    return value


def _check_depth_and_strings(document: object) -> None:
    """Refuse nesting beyond MAX_DEPTH and unpaired surrogates, without recursing."""
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_string(value)
            continue
        if isinstance(value, dict):
            children: list[object] = list(value.values())
            for key in value:
                _check_string(key)
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise _Unusable(f"it is nested more than {MAX_DEPTH} levels deep")
        pending.extend((child, depth + 1) for child in children)


def _check_string(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as problem:
        raise _Unusable(
            f"a string holds an unpaired surrogate (U+{ord(value[problem.start]):04X}), "
            "which is not valid Unicode"
        ) from None


# --- words for shape errors -----------------------------------------------------------------


def _wrong_type(field: str, expected: str, found: object) -> NoReturn:
    shown = "null" if found is None else f"{_shown(found)} ({_json_type(found)})"
    raise ShapeError(f"'{field}' should be {expected}, found {shown}")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _shown(value: object, limit: int = 40) -> str:
    """A short, one-line rendering of a JSON value for a reason: `"0"`, `1.5`, `[3 items]`."""
    if isinstance(value, list):
        return f"[{_count(len(value), 'item')}]"
    if isinstance(value, Mapping):
        return f"{{{_count(len(value), 'key')}}}"
    text = json.dumps(value, ensure_ascii=True)
    if len(text) > limit:
        if isinstance(value, int):
            return f"({_count(len(text), 'digit')})"
        text = text[: limit - 1] + "…"
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
