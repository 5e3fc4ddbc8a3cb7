"""A worklist: many tokens pasted from a test session or a ticket, verified together.

Parsing is forgiving about layout and strict about content. One token per line; blank lines and
`#` comments are skipped; a line may also carry the multi-store fields, either as CSV
(`token,store,productId,currency`, the shape `sandbox orders --json` rows and spreadsheets give)
or separated by whitespace (`token store productId currency`). Every line that cannot be used is
reported with its number and the reason — a token silently missing from a QA run would look like
a token that was checked. Repeated tokens are dropped, with a note, so a list pasted twice is not
verified (or consumed) twice.

`verify_all` looks the items up through the desk, so every lookup is recorded and guarded like
any other, with bounded concurrency: enough to make a 200-token list quick, few enough not to
look like a flood to now.gg.
"""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from console.payments import (
    PaymentsError,
    PurchaseQuery,
    Store,
    StoreRuleViolation,
    parse_store,
    token_field,
)
from console.settings.file_reading import UnreadableFile, read_small_file

from .desk import Desk
from .outcomes import LookupOutcome

DEFAULT_CONCURRENCY: Final = 8
"""Lookups in flight at once: 8 brings a 200-token list with 50 ms replies near 8x faster
(bench/worklist_concurrency.py) while staying a polite client."""

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""A tokens file larger than this is something else (a log, a database dump)."""

_FIELD_NAMES: Final = ("token", "store", "productId", "currency")
# A `#` starts a comment at the start of a line or after whitespace; tokens hold no whitespace,
# so `sbx-0001  # refund case` is unambiguous, while a `#` inside a token is kept.
_COMMENT: Final = re.compile(r"(^|\s)#.*$")
_EXCERPT_LENGTH: Final = 40


@dataclass(frozen=True)
class WorklistItem:
    """One token to verify, with the multi-store fields its line gave (None: not given)."""

    line: int
    """1-based line number in the pasted text or file."""
    token: str
    store: str | None = None
    product_id: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class BadLine:
    line: int
    excerpt: str
    """The start of the line, so a person can find it; never more than a short excerpt."""
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason} ({self.excerpt})"


@dataclass(frozen=True)
class DuplicateLine:
    line: int
    first_line: int
    token: str

    def __str__(self) -> str:
        return f"line {self.line}: duplicate of line {self.first_line}, dropped"


@dataclass(frozen=True)
class ParsedWorklist:
    items: tuple[WorklistItem, ...]
    bad_lines: tuple[BadLine, ...] = ()
    duplicates: tuple[DuplicateLine, ...] = ()

    @property
    def notes(self) -> list[str]:
        """Every line not verified, and why, in line order: for the notice area or stderr."""
        lines: list[BadLine | DuplicateLine] = [*self.bad_lines, *self.duplicates]
        return [str(entry) for entry in sorted(lines, key=lambda entry: entry.line)]


class WorklistFileError(Exception):
    """A tokens file that cannot be read; the message is one line a person can act on."""


def parse_worklist(text: str) -> ParsedWorklist:
    reader = WorklistReader()
    reader.feed(text.splitlines())
    return reader.result()


class WorklistReader:
    """`parse_worklist`, fed a slice of lines at a time: a screen reads a 10,000-line list in
    slices of a few milliseconds between its frames (checking each token takes ~30 us)."""

    def __init__(self) -> None:
        self._items: list[WorklistItem] = []
        self._bad: list[BadLine] = []
        self._duplicates: list[DuplicateLine] = []
        self._first_seen: dict[str, int] = {}
        self._seen_content = False
        self._number = 0
        """The number of the last line fed."""

    def feed(self, lines: Sequence[str]) -> None:
        """The next lines of the list, in order."""
        for raw in lines:
            self._number += 1
            self._read(self._number, raw)

    def _read(self, number: int, raw: str) -> None:
        line = _COMMENT.sub("", raw).strip()
        if not line:
            return
        # `"purchaseToken": "…",` copied from a reply: the token, not a CSV line of fields.
        line = token_field(line) or line
        fields = _split(line)
        if not self._seen_content and fields[0].lower() == "token":
            self._seen_content = True
            return  # a CSV header row, as spreadsheets write one
        self._seen_content = True
        try:
            item = _item(number, fields, csv_line="," in line)
        except ValueError as error:
            self._bad.append(BadLine(number, _excerpt(line), str(error)))
            return
        first = self._first_seen.get(item.token)
        if first is not None:
            self._duplicates.append(DuplicateLine(number, first, item.token))
            return
        self._first_seen[item.token] = number
        self._items.append(item)

    def result(self) -> ParsedWorklist:
        """What the lines fed so far make."""
        return ParsedWorklist(tuple(self._items), tuple(self._bad), tuple(self._duplicates))


def read_worklist_file(path: Path) -> ParsedWorklist:
    """Parse a tokens file (`--tokens FILE`); raises `WorklistFileError`. Read with the
    settings' bounded reader: a named pipe or a device is refused, never waited on."""
    try:
        raw = read_small_file(path, MAX_FILE_BYTES)
        # utf-8-sig: files saved by Windows editors start with a BOM that is no part of a token.
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise WorklistFileError(f"no tokens file at {path}") from None
    except UnicodeDecodeError as error:
        raise WorklistFileError(
            f"{path} is not UTF-8 text (byte {error.start}): save it as plain text"
        ) from None
    except UnreadableFile as error:
        raise WorklistFileError(f"cannot read {path}: {error.reason}") from None
    return parse_worklist(text)


def _split(line: str) -> list[str]:
    if "," in line:
        # The csv module, so a spreadsheet's quoted cells ("sbx-0006","xiaomi",…) read right.
        return [field.strip() for field in next(csv.reader([line]))]
    return line.split()


def _item(number: int, fields: list[str], *, csv_line: bool) -> WorklistItem:
    if len(fields) > len(_FIELD_NAMES):
        raise ValueError(f"{len(fields)} fields; a line is a token, or {','.join(_FIELD_NAMES)}")
    token_text, store_text, product_id, currency = [
        *fields,
        *[""] * (len(_FIELD_NAMES) - len(fields)),
    ]
    try:
        store = _store(store_text, csv_line=csv_line)
        # The query's own checks, so a line refused here would be refused by the desk too;
        # a line without a store takes the environment's default store when verified.
        query = PurchaseQuery(token_text, store or Store.NOWGG, product_id, currency)
    except PaymentsError as error:
        raise ValueError(error.reason) from None
    return WorklistItem(
        line=number,
        token=query.token,
        store=store.value if store is not None else None,
        product_id=query.product_id,
        currency=query.currency,
    )


def _store(text: str, *, csv_line: bool) -> Store | None:
    if not text:
        return None
    try:
        return parse_store(text)
    except StoreRuleViolation as error:
        if csv_line:
            raise
        # `sbx-12 34` is far more often a token broken by a space than a store called "34".
        raise StoreRuleViolation(
            f"{error.reason} (or, if the line is one token, it has a space inside)"
        ) from None


def _excerpt(line: str) -> str:
    if len(line) <= _EXCERPT_LENGTH:
        return line
    return line[: _EXCERPT_LENGTH - 1] + "…"


async def verify_all(
    desk: Desk,
    items: Sequence[WorklistItem],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[int, LookupOutcome], None] | None = None,
    note: str | None = None,
) -> list[LookupOutcome]:
    """Look every item up, at most `concurrency` at a time; results in the items' order.

    `on_result(index, outcome)` is called as each lookup finishes (in completion order), so a
    screen can fill its table while the rest are in flight. Cancelling the caller cancels every
    lookup still waiting or in flight. The desk explains failures rather than raising them, so
    one bad token never stops the list.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1 (got {concurrency})")
    results: list[LookupOutcome | None] = [None] * len(items)
    # `concurrency` workers taking the next item in turn, not a task per item: 10,000 tokens
    # would make 10,000 tasks (memory, and one event-loop turn reading every query at once,
    # a frame missed in the console), for the same order of requests.
    queue = iter(enumerate(items))

    async def work() -> None:
        for index, item in queue:
            query = desk.read_query(
                item.token, store=item.store, product_id=item.product_id, currency=item.currency
            )
            outcome = await desk.lookup(query, note=note)
            results[index] = outcome
            if on_result is not None:
                on_result(index, outcome)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, len(items))):
            group.create_task(work())
    done = [outcome for outcome in results if outcome is not None]
    assert len(done) == len(items), "every worker ran out of items, so every slot is filled"
    return done
