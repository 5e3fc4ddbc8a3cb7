"""What the console was asked to do at start (`--token`, `--tokens FILE`): a deep link from a
ticket opens straight onto the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.desk.worklist import ParsedWorklist


@dataclass(frozen=True)
class StartRequest:
    token: str | None = None
    """Look this token up at once."""
    worklist_text: str | None = None
    """Open the worklist with these lines and verify them."""
    worklist_notes: tuple[str, ...] = field(default=())
    """What reading the tokens file skipped (bad or repeated lines), to show once."""


def worklist_start(parsed: ParsedWorklist) -> StartRequest:
    """The worklist of a tokens file, as the lines the worklist reads (`token,store,…`),
    each on its line of the file (the others left blank), so that a row's line number, in
    the table's notices and in an export, is the file's."""
    lines = [""] * max((item.line for item in parsed.items), default=0)
    for item in parsed.items:
        extra = [item.store, item.product_id, item.currency]
        if any(extra):
            text = ",".join([item.token, *(value or "" for value in extra)])
        else:
            text = item.token
        lines[item.line - 1] = text
    return StartRequest(worklist_text="\n".join(lines), worklist_notes=tuple(parsed.notes))
