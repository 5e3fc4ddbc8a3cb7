"""A typed client of the now.gg Payments server API.

This package knows nothing of settings, history or screens (DESIGN.md): it turns a purchase
query into an HTTP request, and a reply into frozen objects or a typed error.

Other layers import from here, and only what `__all__` names (a test keeps that); the modules
behind it are this package's own business. The sandbox alone takes constants straight from
`wire`. Importing this package loads nothing: each name loads its module on first use
(PEP 562), so `nowgg-console explain` and `--help` reach the catalog and the store names
without loading httpx, which only the client and the URL parser need.
"""

from __future__ import annotations

import importlib

# Name -> (module, the name there). Read by `__getattr__` below; the TYPE_CHECKING imports
# say the same to type checkers (a test holds the two to each other).
_PUBLIC: dict[str, tuple[str, str]] = {
    # the client and what it takes and gives
    "PaymentsClient": ("client", "PaymentsClient"),
    "Timeouts": ("client", "Timeouts"),
    "PurchaseQuery": ("query", "PurchaseQuery"),
    "PreparedRequest": ("models", "PreparedRequest"),
    "VerifyResult": ("models", "VerifyResult"),
    "JsonObject": ("models", "JsonObject"),
    "PURCHASE_WIRE_NAMES": ("models", "PURCHASE_WIRE_NAMES"),
    "curl_line": ("curl", "curl_line"),
    "ApiKey": ("apikey", "ApiKey"),
    "MASK": ("apikey", "MASK"),
    "mask_secret": ("apikey", "mask_secret"),
    "BaseUrl": ("urls", "BaseUrl"),
    "BaseUrlRejected": ("urls", "BaseUrlRejected"),
    "MAX_BASE_URL_CHARS": ("urls", "MAX_BASE_URL_CHARS"),
    # stores and tokens
    "Store": ("stores", "Store"),
    "STORE_NAMES": ("stores", "STORE_NAMES"),
    "STORE_RULES": ("stores", "STORE_RULES"),
    "parse_store": ("stores", "parse_store"),
    "mask_token": ("tokens", "mask_token"),
    # failures and their explanations
    "PaymentsError": ("errors", "PaymentsError"),
    "ApiError": ("errors", "ApiError"),
    "InputRejected": ("errors", "InputRejected"),
    "StoreRuleViolation": ("errors", "StoreRuleViolation"),
    "TokenRejected": ("errors", "TokenRejected"),
    "Explanation": ("explanation", "Explanation"),
    "Severity": ("severity", "Severity"),
    "explain_code": ("codes", "lookup"),
    "explain_failure": ("catalog", "explain_failure"),
    "server_codes": ("codes", "server_codes"),
    "client_codes": ("codes", "client_codes"),
    # a purchase in words
    "decode_purchase": ("decode", "decode_purchase"),
    "DecodedPurchase": ("decode", "DecodedPurchase"),
    "DecodedField": ("decode", "DecodedField"),
    "Tone": ("decode", "Tone"),
    "AnomalyCode": ("anomalies", "AnomalyCode"),
    "exact_int": ("states", "exact_int"),
    "several_tokens": ("token_paste", "several_tokens"),
    "token_field": ("token_paste", "token_field"),
    "recognise": ("recognising", "recognise"),
    "Recognised": ("recognising", "Recognised"),
    "PasteKind": ("recognising", "PasteKind"),
    "TokenShape": ("recognising", "TokenShape"),
    "order_id_time": ("order_ids", "order_id_time"),
    "token_shape": ("recognising", "token_shape"),
    "nearest_codes": ("codes", "nearest_codes"),
    "decode_payload": ("payload", "decode_payload"),
    "payload_matches": ("payload", "payload_matches"),
    "PayloadFields": ("payload", "PayloadFields"),
    "PayloadFormat": ("payload", "PayloadFormat"),
    "Anomaly": ("anomalies", "Anomaly"),
    # wire constants other layers rely on
    "API_KEY_VARIABLE": ("wire", "API_KEY_VARIABLE"),
    "GLOBAL_BASE_URL": ("wire", "GLOBAL_BASE_URL"),
    "CHINA_BASE_URL": ("wire", "CHINA_BASE_URL"),
    "CODE_ERROR_CONSUMING": ("wire", "CODE_ERROR_CONSUMING"),
    "CODE_INVALID_AUTHORIZATION_KEY": ("wire", "CODE_INVALID_AUTHORIZATION_KEY"),
    "CODE_INVALID_PURCHASE_TOKEN": ("wire", "CODE_INVALID_PURCHASE_TOKEN"),
    "CODE_INVALID_SUBSCRIPTION_OPERATION": ("wire", "CODE_INVALID_SUBSCRIPTION_OPERATION"),
    "ACKNOWLEDGE_WINDOW": ("subscription", "ACKNOWLEDGE_WINDOW"),
    "AcknowledgeDeadline": ("subscription", "AcknowledgeDeadline"),
    "acknowledge_deadline": ("subscription", "acknowledge_deadline"),
    "DeadlineUrgency": ("subscription", "Urgency"),
    "CODE_INTERFACE_NOT_EXIST": ("wire", "CODE_INTERFACE_NOT_EXIST"),
    "VERIFY_PATHS": ("wire", "VERIFY_PATHS"),
    "ReceivedBody": ("received", "ReceivedBody"),
}

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from .anomalies import Anomaly, AnomalyCode
    from .apikey import MASK, ApiKey, mask_secret
    from .catalog import explain_failure
    from .client import PaymentsClient, Timeouts
    from .codes import client_codes, nearest_codes, server_codes
    from .codes import lookup as explain_code
    from .curl import curl_line
    from .decode import DecodedField, DecodedPurchase, Tone, decode_purchase
    from .errors import ApiError, InputRejected, PaymentsError, StoreRuleViolation, TokenRejected
    from .explanation import Explanation
    from .models import PURCHASE_WIRE_NAMES, JsonObject, PreparedRequest, VerifyResult
    from .order_ids import order_id_time
    from .payload import PayloadFields, PayloadFormat, decode_payload, payload_matches
    from .query import PurchaseQuery
    from .received import ReceivedBody
    from .recognising import (
        PasteKind,
        Recognised,
        TokenShape,
        recognise,
        token_shape,
    )
    from .severity import Severity
    from .states import exact_int
    from .stores import STORE_NAMES, STORE_RULES, Store, parse_store
    from .subscription import ACKNOWLEDGE_WINDOW, AcknowledgeDeadline, acknowledge_deadline
    from .subscription import Urgency as DeadlineUrgency
    from .token_paste import several_tokens, token_field
    from .tokens import mask_token
    from .urls import MAX_BASE_URL_CHARS, BaseUrl, BaseUrlRejected
    from .wire import (
        API_KEY_VARIABLE,
        CHINA_BASE_URL,
        CODE_ERROR_CONSUMING,
        CODE_INTERFACE_NOT_EXIST,
        CODE_INVALID_AUTHORIZATION_KEY,
        CODE_INVALID_PURCHASE_TOKEN,
        CODE_INVALID_SUBSCRIPTION_OPERATION,
        GLOBAL_BASE_URL,
        VERIFY_PATHS,
    )
else:

    def __getattr__(name: str) -> object:
        where = _PUBLIC.get(name)
        if where is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module, attribute = where
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value  # once loaded, an ordinary attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_PUBLIC})


__all__ = [
    "ACKNOWLEDGE_WINDOW",
    "API_KEY_VARIABLE",
    "CHINA_BASE_URL",
    "CODE_ERROR_CONSUMING",
    "CODE_INTERFACE_NOT_EXIST",
    "CODE_INVALID_AUTHORIZATION_KEY",
    "CODE_INVALID_PURCHASE_TOKEN",
    "CODE_INVALID_SUBSCRIPTION_OPERATION",
    "GLOBAL_BASE_URL",
    "MASK",
    "MAX_BASE_URL_CHARS",
    "PURCHASE_WIRE_NAMES",
    "STORE_NAMES",
    "STORE_RULES",
    "VERIFY_PATHS",
    "AcknowledgeDeadline",
    "Anomaly",
    "AnomalyCode",
    "ApiError",
    "ApiKey",
    "BaseUrl",
    "BaseUrlRejected",
    "DeadlineUrgency",
    "DecodedField",
    "DecodedPurchase",
    "Explanation",
    "InputRejected",
    "JsonObject",
    "PasteKind",
    "PayloadFields",
    "PayloadFormat",
    "PaymentsClient",
    "PaymentsError",
    "PreparedRequest",
    "PurchaseQuery",
    "ReceivedBody",
    "Recognised",
    "Severity",
    "Store",
    "StoreRuleViolation",
    "Timeouts",
    "TokenRejected",
    "TokenShape",
    "Tone",
    "VerifyResult",
    "acknowledge_deadline",
    "client_codes",
    "curl_line",
    "decode_payload",
    "decode_purchase",
    "exact_int",
    "explain_code",
    "explain_failure",
    "mask_secret",
    "mask_token",
    "nearest_codes",
    "order_id_time",
    "parse_store",
    "payload_matches",
    "recognise",
    "server_codes",
    "several_tokens",
    "token_field",
    "token_shape",
]
