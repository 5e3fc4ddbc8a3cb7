"""What one worklist row shows: plain functions from a lookup outcome to coloured cells.

Kept apart from the widget so the words and colours can be read (and tested) without a screen.
Colours are Rich's named terminal colours, which every theme keeps legible, and each state
also has its own word: colour is never the only signal.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from rich.text import Text

from console.desk import LookupOutcome
from console.desk.worklist import WorklistItem
from console.desk.worklist_verdicts import (
    ActKind,
    SessionAct,
    Verdict,
    consumed_words,
    store_of,
    verdict_of,
)
from console.payments import AnomalyCode, DecodedPurchase, Severity, mask_token
from console.tui.outside_text import SafeText

COLUMNS: Final = (
    ("✓", "mark", 1),
    ("#", "number", 5),
    ("Token", "token", 20),
    ("Store", "store", 8),
    ("State", "state", 9),
    ("Consumed", "consumed", 22),
    ("Test", "test", 4),
    ("Amount", "amount", 12),
    ("Error", "error", 40),
)
"""(label, column key, width), in table order. Fixed widths: a row that arrives never makes
the table measure every column again (10,000 rows stay smooth), and each width holds its
longest word (`consumed here at 13:07`)."""

MARK: Final = "●"
"""A selected row's mark (space)."""

_TOKEN_HEAD: Final = 10
_TOKEN_TAIL: Final = 8
_TOKEN_WIDTH: Final = 20
_ERROR_WIDTH: Final = 40
# Anomalies the row's own columns already say (state, consumed, test order).
_SAID_BY_COLUMNS: Final = frozenset(
    {AnomalyCode.PAID_NOT_CONSUMED, AnomalyCode.UNPAID_OR_FAILED, AnomalyCode.TEST_ORDER}
)


class RowStatus(StrEnum):
    WAITING = "waiting"
    VERIFYING = "verifying"
    STOPPED = "stopped"
    """The list's verification was cancelled before this token's turn."""
    DONE = "done"


_STATUS_WORDS: Final = {
    RowStatus.WAITING: "…",
    RowStatus.VERIFYING: "verifying…",
    RowStatus.STOPPED: "stopped",
}


def column_token(token: str) -> str:
    """A token short enough for a table column: whole up to its width, else its start and
    end (`mask_token`), enough to tell tokens apart and find them in a ticket."""
    if len(token) <= _TOKEN_WIDTH:
        return token
    return mask_token(token, _TOKEN_HEAD, _TOKEN_TAIL)


def state_word(decoded: DecodedPurchase) -> str:
    if decoded.is_paid:
        word = "Paid"
    elif decoded.is_unpaid:
        word = "Unpaid"
    elif decoded.is_failed:
        word = "Failed"
    else:
        word = "Unknown"
    # Anomalies (fields that disagree…) are explained in the detail pane; the row flags them.
    flagged = any(
        anomaly.code not in _SAID_BY_COLUMNS and anomaly.severity is not Severity.INFO
        for anomaly in decoded.anomalies
    )
    return f"{word} ⚠" if flagged else word


def row_style(outcome: LookupOutcome | None) -> str:
    if outcome is None:
        return "dim"
    decoded = outcome.decoded
    if decoded is None:
        return "bold red"
    if decoded.is_paid:
        # Paid and consumed is settled; paid and not consumed is what QA acts on.
        return "green" if not decoded.is_consumed else "cyan"
    if decoded.is_unpaid:
        return "yellow"
    if decoded.is_failed:
        return "red"
    return "magenta"


def error_text(outcome: LookupOutcome, safe: SafeText | None = None) -> str:
    """The code and name (`3901 · INVALID_PURCHASE_TOKEN`), or a failure's short name."""
    if outcome.failure is None:
        return ""
    title = (safe or SafeText())(outcome.failure.explanation.title)
    return title if len(title) <= _ERROR_WIDTH else title[: _ERROR_WIDTH - 1] + "…"


def _texts(
    item: WorklistItem, outcome: LookupOutcome, act: SessionAct | None, safe: SafeText
) -> tuple[str, str, str, str, str]:
    decoded = outcome.decoded
    if decoded is None:
        return ("Error", _act_words(act) or "—", "—", "—", error_text(outcome, safe))
    verdict = verdict_of(item, outcome)
    consumed = consumed_words(verdict, act) or _act_words(act)
    if not consumed:
        client = verdict is Verdict.CLIENT_CONSUMED
        consumed = "on the client" if client else "Not consumed"
    return (
        state_word(decoded),
        consumed,
        "TEST" if decoded.is_test_order else "",
        safe(decoded.amount) if decoded.amount else "—",
        "",
    )


def _act_words(act: SessionAct | None) -> str:
    """A consume this session tried that did not go through, in the row itself."""
    if act is None or act.kind is ActKind.CONSUMED:
        return ""
    return act.words()


def row_cells(
    number: int,
    item: WorklistItem,
    outcome: LookupOutcome | None,
    status: RowStatus,
    safe: SafeText | None = None,
    *,
    act: SessionAct | None = None,
    selected: bool = False,
) -> tuple[Text, ...]:
    """The cells of a row, numbered from 1, every cell in the row's colour; pasted tokens and
    reply values shown through `safe` (Rich `Text`: never markup)."""
    safe = safe or SafeText()
    style = row_style(outcome if status is RowStatus.DONE else None)
    if status is RowStatus.DONE and outcome is not None:
        texts = _texts(item, outcome, act, safe)
    else:
        texts = (_STATUS_WORDS.get(status, ""), _act_words(act), "", "", "")
    return (
        Text(MARK if selected else "", style="bold"),
        Text(str(number), style=style, justify="right"),
        Text(column_token(safe(item.token)), style=style),
        Text(store_of(item, outcome).value, style=style),
        *(Text(text, style=style) for text in texts),
    )
