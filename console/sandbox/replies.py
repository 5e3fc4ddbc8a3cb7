"""The reply envelope and codes, written the way the API writes them (API.md).

The sandbox keeps its own copy of the code names instead of importing the client's error
catalog: a test that passes only because both sides share a typo would prove nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Final

from console.payments.wire import CODE_INTERFACE_NOT_EXIST, CODE_SUCCESS

JSON_CONTENT_TYPE: Final = "application/json"


class ApiCode(IntEnum):
    """The codes the sandbox answers with; the names are the API's `codeMsg` texts."""

    SUCCESS = CODE_SUCCESS
    INTERFACE_NOT_EXIST = CODE_INTERFACE_NOT_EXIST
    ERROR_CONSUMING_PRODUCT = 3800
    INVALID_AUTHORIZATION_KEY = 3900
    INVALID_PURCHASE_TOKEN = 3901
    # acknowledgePurchase (API.md [public]).
    NO_VALID_SUBSCRIPTION_FOUND = 5001
    INVALID_SUBSCRIPTION_OPERATION = 5002
    SUBSCRIPTION_INACTIVE = 5004
    ACTIVE_SUBSCRIPTION_ALREADY_EXISTS = 5006
    MULTISTORE_UNKNOWN_ERROR = 5014

    @property
    def message(self) -> str:
        """The `codeMsg` of this code: lower-case words for 0 and 150, the name otherwise."""
        return _LOWER_CASE_MESSAGES.get(self, self.name)


_LOWER_CASE_MESSAGES: Final[Mapping[ApiCode, str]] = {
    ApiCode.SUCCESS: "success",
    ApiCode.INTERFACE_NOT_EXIST: "interface not exist",
}


@dataclass(frozen=True)
class Reply:
    """One HTTP reply, ready to send: the ASGI layer adds nothing but the length header."""

    status: int
    content_type: str
    body: bytes
    code: int | None = None
    """The envelope's `code` when the body carries one, for the request log (never sent)."""


def encode_json(payload: object) -> bytes:
    # Compact and UTF-8, like a production API server, so size limits and parsing in the
    # client meet what they will meet for real.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_reply(payload: object, status: int = 200) -> Reply:
    code = payload.get("code") if isinstance(payload, Mapping) else None
    return Reply(
        status=status,
        content_type=JSON_CONTENT_TYPE,
        body=encode_json(payload),
        code=code if isinstance(code, int) and not isinstance(code, bool) else None,
    )


def envelope(code: ApiCode, data: Mapping[str, object] | None = None) -> dict[str, object]:
    """The documented envelope; `data` is `{}` whenever there is nothing to carry."""
    return {
        "success": code is ApiCode.SUCCESS,
        "code": int(code),
        "codeMsg": code.message,
        "data": dict(data) if data is not None else {},
    }


def success(data: Mapping[str, object] | None = None) -> Reply:
    return json_reply(envelope(ApiCode.SUCCESS, data))


def failure(code: ApiCode) -> Reply:
    # Errors are HTTP 200 with success false (API.md): the status never tells them apart.
    return json_reply(envelope(code))


def interface_not_exist() -> Reply:
    return failure(ApiCode.INTERFACE_NOT_EXIST)
