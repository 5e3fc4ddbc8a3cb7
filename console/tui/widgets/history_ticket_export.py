"""Exporting history entries for a ticket: the entries re-read from the store (a note edited
in another console since the list was drawn counts), for the clipboard and a file beside the
history — as the Markdown audit record, newest first as the history lists them, or as the reply
for the ticket (ticket_reply.py: per purchase, in words, with a refund request draft).

No screen here: the history pane copies the text and shows the message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual.notifications import SeverityLevel

from console.history import HistoryStore, HistoryUnavailable
from console.history.export import masked_entries, to_markdown
from console.history.export_file import write_export
from console.history.ticket_reply import to_ticket_reply


@dataclass(frozen=True)
class TicketExport:
    markdown: str | None
    """For the clipboard (Markdown, or the reply's plain text); None when nothing could be
    read."""
    message: str
    severity: SeverityLevel = "information"


def export_for_ticket(
    store: HistoryStore,
    entry_ids: Iterable[int],
    export_to: Path | None,
    keys: Iterable[str] = (),
    *,
    reply: bool = False,
) -> TicketExport:
    """`keys`: the session's API keys, masked again in what is exported (export.py).
    `reply`: the reply for the ticket instead of the Markdown record."""
    try:
        entries = [entry for entry in map(store.get, sorted(entry_ids)) if entry is not None]
    except HistoryUnavailable as error:
        return TicketExport(None, f"Nothing exported: {error.reason}", "error")
    entries.sort(key=lambda entry: (entry.at, entry.id or 0), reverse=True)
    masked = masked_entries(entries, keys)
    text = to_ticket_reply(masked) if reply else to_markdown(masked)
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    what = f"the reply for the ticket ({count})" if reply else f"{count} as Markdown"
    if export_to is None:
        return TicketExport(text, f"Copied {what} to the clipboard.")
    try:
        path = write_export(text, export_to)
    except OSError as error:
        return TicketExport(
            text,
            f"Copied {what} to the clipboard, but the file was not written: "
            f"{error.strerror or error}",
            "warning",
        )
    return TicketExport(text, f"Copied {what} to the clipboard and saved {path}")
