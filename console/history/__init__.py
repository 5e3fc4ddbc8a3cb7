"""The audit history: every verify and consume on this machine, searchable and exportable.

Storage in `store`, the records in `entries`, exports in `export`; `scrub` keeps API keys out.
"""

from console.history.entries import Action, HistoryEntry, HistoryFilter, Outcome
from console.history.errors import HistoryEntryNotFound, HistoryUnavailable
from console.history.operator_name import current_operator
from console.history.retention import Retention
from console.history.scrub import scrub, scrub_json
from console.history.store import HistoryStore

__all__ = [
    "Action",
    "HistoryEntry",
    "HistoryEntryNotFound",
    "HistoryFilter",
    "HistoryStore",
    "HistoryUnavailable",
    "Outcome",
    "Retention",
    "current_operator",
    "scrub",
    "scrub_json",
]
