"""Writing a worklist export to its file, off the event loop, and what to tell the operator."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from textual.notifications import SeverityLevel

from console.desk.worklist_export import ExportFormat, write_new_export


@dataclass(frozen=True)
class ExportWritten:
    path: Path | None
    message: str
    severity: SeverityLevel = "information"


async def write_export_file(
    text: str, export_format: ExportFormat, directory: Path | None, rows: str
) -> ExportWritten:
    """`rows`: which rows, in words (`12 (filtered)`). Markdown was copied already."""
    copied = export_format is ExportFormat.MARKDOWN
    if directory is None:
        if copied:
            return ExportWritten(None, f"Copied {rows} rows as Markdown (no folder for files).")
        return ExportWritten(None, "No folder to write the export in: the history is off.", "error")
    try:
        # A file: in a thread, never on the event loop.
        path = await asyncio.to_thread(write_new_export, text, directory, export_format.value)
    except OSError as error:
        return ExportWritten(None, f"Export not written: {error.strerror or error}", "error")
    also = " (and copied as Markdown)" if copied else ""
    return ExportWritten(path, f"Exported {rows} rows to {path}{also}")
