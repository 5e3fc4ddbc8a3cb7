"""The main screen's worker groups, and what a worker that failed tells the operator.

Lookups (and the verify-first of a consume, and the search in other environments) are in the
group `lookup`, which Escape cancels — they only read. A consume that was sent is in the group
`consume`, which nothing cancels: its outcome must be known and shown. The rest keep the
screen from ever waiting: storing a key, asking whether one exists, opening the workspace and
building a tab, reading and writing the history.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Final

from textual.dom import DOMNode
from textual.worker import Worker

LOOKUP_GROUP: Final = "lookup"
CONSUME_GROUP: Final = "consume"
KEY_GROUP: Final = "key"
KEY_STATUS_GROUP: Final = "key status"
START_GROUP: Final = "start"
"""Opening the workspace after the first frame, and what `--token`/`--tokens` asked for."""
TAB_GROUP: Final = "tab"
TEAM_GROUP: Final = "team"
"""Reading who else touched the purchase on screen (history, after the answer showed)."""
HISTORY_NOTE_GROUP: Final = "history note"
"""Putting on record what the console decided itself (a refusal); never cancelled."""


def start_worker(
    node: DOMNode,
    work: Callable[[], Coroutine[None, None, None]],
    *,
    name: str,
    group: str,
    exclusive: bool = False,
) -> Worker[None]:
    """Run `work` as `node`'s worker. A failure never exits the app: the node hears of it
    (`Worker.StateChanged`) and says what it means (`failed_worker_message`). `work` is a
    callable, not a coroutine, so a worker cancelled before it starts leaves nothing behind.
    Its description is its name: Textual would keep `repr(work)` otherwise, a whole lookup
    outcome (with the full token) rendered as text for every worker."""
    return node.run_worker(
        work,
        name=name,
        group=group,
        description=name,
        exclusive=exclusive,
        exit_on_error=False,
    )


def failed_worker_message(group: str, error: BaseException | None) -> str:
    """A bug below must not take the screen down mid-incident: say what it means instead."""
    if group == CONSUME_GROUP:
        return (
            "The consume's outcome is unknown because of an internal error "
            f"({type(error).__name__}). Do not consume again: look the token up to see "
            "whether it went through."
        )
    return f"Internal error ({type(error).__name__}: {error}); nothing was changed."
