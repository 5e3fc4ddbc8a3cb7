"""Exporting history entries for a ticket: the entries re-read from the store (a note edited
in another console since the list was drawn counts), oldest first so the ticket reads as the
story of what happened, as Markdown for the clipboard and a file beside the history.

No screen here: the history pane copies the Markdown and shows the message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual.notifications import SeverityLevel

from console.history import HistoryStore, HistoryUnavailable
from console.history.export import masked_entries, to_markdown
from console.history.export_file import write_export


@dataclass(frozen=True)
class TicketExport:
    markdown: str | None
    """For the clipboard; None when nothing could be read."""
    message: str
    severity: SeverityLevel = "information"


def export_for_ticket(
    store: HistoryStore,
    entry_ids: Iterable[int],
    export_to: Path | None,
    keys: Iterable[str] = (),
) -> TicketExport:
    """`keys`: the session's API keys, masked again in what is exported (export.py)."""
    try:
        entries = [entry for entry in map(store.get, sorted(entry_ids)) if entry is not None]
    except HistoryUnavailable as error:
        return TicketExport(None, f"Nothing exported: {error.reason}", "error")
    entries.sort(key=lambda entry: (entry.at, entry.id or 0))
    markdown = to_markdown(masked_entries(entries, keys))
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    if export_to is None:
        return TicketExport(markdown, f"Copied {count} as Markdown to the clipboard.")
    try:
        path = write_export(markdown, export_to)
    except OSError as error:
        return TicketExport(
            markdown,
            f"Copied {count} as Markdown to the clipboard, but the file was not written: "
            f"{error.strerror or error}",
            "warning",
        )
    return TicketExport(markdown, f"Copied {count} as Markdown to the clipboard and saved {path}")
