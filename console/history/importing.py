"""`history import FILE.sqlite3`: a console's local history moved into the shared one.

The file is opened as a history (so an older one is brought to schema 4 first, which stamps
each of its rows with a uid, in the file): the shared history then stores each entry once by
that uid, and importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.history.entries import HistoryFilter
from console.history.errors import HistoryUnavailable
from console.history.store import HistoryStore


@dataclass(frozen=True)
class ImportReport:
    source: Path
    added: int
    already: int
    unreadable: tuple[str, ...]
    """Rows of the file this version could not read (left out), as notices."""


def import_history(source: Path, into: HistoryStore) -> ImportReport:
    if not source.is_file():
        raise HistoryUnavailable(
            f"{source} is not a file", "give the path of a history.sqlite3 to import"
        )
    with HistoryStore(source) as local:
        entries = local.search(HistoryFilter(limit=None))
        unreadable = local.notices
    entries.reverse()  # oldest first: ids on the shared history keep the order they had
    added, already = into.import_entries(entries)
    return ImportReport(source, added, already, unreadable)
