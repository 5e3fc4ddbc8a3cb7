"""The operations (lookup, consume, acknowledge), in the one place that applies the guards
(DESIGN.md).

Front ends import from here and never call the API client themselves.

Importing this package loads nothing: each name loads its module on first use (PEP 562), so
`verify` loads the lookup, not the consume's guards, and `explain` none of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Name -> (module, the name there): `.x` is this package's, `console.payments` re-exported.
_PUBLIC: dict[str, tuple[str, str]] = {
    "AcknowledgeOutcome": (".write_outcomes", "AcknowledgeOutcome"),
    "AcknowledgePlan": (".write_outcomes", "AcknowledgePlan"),
    "AcknowledgeStatus": (".write_outcomes", "AcknowledgeStatus"),
    "WriteOutcome": (".write_outcomes", "WriteOutcome"),
    "WritePlan": (".write_outcomes", "WritePlan"),
    "WriteStatus": (".write_outcomes", "WriteStatus"),
    "WriteOperation": (".write_operation", "WriteOperation"),
    "CONSUME": (".write_operation", "CONSUME"),
    "ACKNOWLEDGE": (".write_operation", "ACKNOWLEDGE"),
    "ConsumeOutcome": (".write_outcomes", "ConsumeOutcome"),
    "ConsumePlan": (".write_outcomes", "ConsumePlan"),
    "ConsumeStatus": (".write_outcomes", "ConsumeStatus"),
    "Failure": (".outcomes", "Failure"),
    "LookupOutcome": (".outcomes", "LookupOutcome"),
    "Refusal": (".write_outcomes", "Refusal"),
    "RefusalReason": (".write_outcomes", "RefusalReason"),
    "ConsumePreview": (".preview", "ConsumePreview"),
    "preview_consume": (".preview", "preview_consume"),
    "QueryInput": (".query_input", "QueryInput"),
    "QueryRefused": (".query_input", "QueryRefused"),
    "read_query": (".query_input", "read_query"),
    "Recorder": (".recording", "Recorder"),
    "WriteAhead": (".write_ahead", "WriteAhead"),
    "WriteAheadProblem": (".write_ahead", "WriteAheadProblem"),
    "WriteInterrupted": (".write_ahead", "WriteInterrupted"),
    "Desk": (".desk", "Desk"),
    "request_deadline": (".deadline", "request_deadline"),
    "PurchaseQuery": ("console.payments", "PurchaseQuery"),
    "Timeouts": ("console.payments", "Timeouts"),
    "PastedText": (".query_input", "PastedText"),
    "read_paste": (".query_input", "read_paste"),
    "Identified": (".identifying", "Identified"),
    "SeenWith": (".identifying", "SeenWith"),
    "identify": (".identifying", "identify"),
}

if TYPE_CHECKING:
    from console.payments import PurchaseQuery, Timeouts

    from .deadline import request_deadline
    from .desk import Desk
    from .identifying import Identified, SeenWith, identify
    from .outcomes import (
        AcknowledgeOutcome,
        AcknowledgePlan,
        AcknowledgeStatus,
        ConsumeOutcome,
        ConsumePlan,
        ConsumeStatus,
        Failure,
        LookupOutcome,
        Refusal,
        RefusalReason,
        WriteOutcome,
        WritePlan,
        WriteStatus,
    )
    from .preview import ConsumePreview, preview_consume
    from .query_input import PastedText, QueryInput, QueryRefused, read_paste, read_query
    from .recording import Recorder
    from .write_ahead import WriteAhead, WriteAheadProblem, WriteInterrupted
    from .write_operation import ACKNOWLEDGE, CONSUME, WriteOperation
else:

    def __getattr__(name: str) -> object:
        where = _PUBLIC.get(name)
        if where is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module, attribute = where
        value = getattr(importlib.import_module(module, __name__), attribute)
        globals()[name] = value  # once loaded, an ordinary attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_PUBLIC})


__all__ = [
    "ACKNOWLEDGE",
    "CONSUME",
    "AcknowledgeOutcome",
    "AcknowledgePlan",
    "AcknowledgeStatus",
    "ConsumeOutcome",
    "ConsumePlan",
    "ConsumePreview",
    "ConsumeStatus",
    "Desk",
    "Failure",
    "Identified",
    "LookupOutcome",
    "PastedText",
    "PurchaseQuery",
    "QueryInput",
    "QueryRefused",
    "Recorder",
    "Refusal",
    "RefusalReason",
    "SeenWith",
    "Timeouts",
    "WriteAhead",
    "WriteAheadProblem",
    "WriteInterrupted",
    "WriteOperation",
    "WriteOutcome",
    "WritePlan",
    "WriteStatus",
    "identify",
    "preview_consume",
    "read_paste",
    "read_query",
    "request_deadline",
]
