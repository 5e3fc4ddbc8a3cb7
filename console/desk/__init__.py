"""The operations (lookup, consume), in the one place that applies the guards (DESIGN.md).

Front ends import from here and never call the API client themselves.
"""

from console.payments import PurchaseQuery, Timeouts

from .deadline import request_deadline
from .desk import Desk
from .outcomes import (
    ConsumeOutcome,
    ConsumePlan,
    ConsumeStatus,
    Failure,
    LookupOutcome,
    Refusal,
    RefusalReason,
)
from .preview import ConsumePreview, preview_consume
from .query_input import QueryInput, QueryRefused, read_query
from .recording import Recorder
from .write_ahead import WriteAhead, WriteAheadProblem, WriteInterrupted

__all__ = [
    "ConsumeOutcome",
    "ConsumePlan",
    "ConsumePreview",
    "ConsumeStatus",
    "Desk",
    "Failure",
    "LookupOutcome",
    "PurchaseQuery",
    "QueryInput",
    "QueryRefused",
    "Recorder",
    "Refusal",
    "RefusalReason",
    "Timeouts",
    "WriteAhead",
    "WriteAheadProblem",
    "WriteInterrupted",
    "preview_consume",
    "read_query",
    "request_deadline",
]
