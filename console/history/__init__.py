"""The audit history: every verify and consume on this machine, searchable and exportable.

Storage in `store`, the records in `entries`, exports in `export`; `scrub` keeps API keys out.

Importing this package loads little: each name below loads its module on first use (PEP 562),
so the command line's parser can name the actions and outcomes without loading sqlite3.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Loaded at once (it is light): the functions share their module's name, and a later import
# of the module must not find the package's attribute unset and replace it by the module.
from console.history.scrub import scrub, scrub_json

# Name -> module. Read by `__getattr__`; the TYPE_CHECKING imports say the same to type
# checkers.
_PUBLIC: dict[str, str] = {
    "Action": "entries",
    "HistoryEntry": "entries",
    "HistoryFilter": "entries",
    "Outcome": "entries",
    "Settlement": "entries",
    "SPOOLED_WORDS": "entries",
    "HeldElsewhere": "errors",
    "HistoryEntryNotFound": "errors",
    "HistoryUnavailable": "errors",
    "current_operator": "operator_name",
    "Retention": "retention",
    "HistoryStore": "store",
}

if TYPE_CHECKING:
    from .entries import SPOOLED_WORDS, Action, HistoryEntry, HistoryFilter, Outcome, Settlement
    from .errors import HeldElsewhere, HistoryEntryNotFound, HistoryUnavailable
    from .operator_name import current_operator
    from .retention import Retention
    from .store import HistoryStore
else:

    def __getattr__(name: str) -> object:
        module = _PUBLIC.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # once loaded, an ordinary attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_PUBLIC})


__all__ = [
    "SPOOLED_WORDS",
    "Action",
    "HeldElsewhere",
    "HistoryEntry",
    "HistoryEntryNotFound",
    "HistoryFilter",
    "HistoryStore",
    "HistoryUnavailable",
    "Outcome",
    "Retention",
    "Settlement",
    "current_operator",
    "scrub",
    "scrub_json",
]
