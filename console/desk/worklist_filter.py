"""Filtering a worklist from one line of words, typed without leaving the keyboard:

    paid                 a verdict (paid, consumed, unpaid, failed, client, error, pending)
    store:xiaomi         the store
    test  / test:no      test orders only / none of them
    error:3901           the error code, or the failure's kind (error:timeout)
    anything else        text in the token, the order id or the error

Words add up (`paid store:xiaomi test`: paid & not consumed Xiaomi test orders). A word that
looks like a filter but is not one (`store:steam`) is reported rather than matching nothing in
silence, so QA never reads an empty table as "no such rows".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from console.payments import STORE_NAMES

from .outcomes import LookupOutcome
from .worklist import WorklistItem
from .worklist_verdicts import Verdict, error_code, is_test_order, store_of, verdict_of

_VERDICT_NAMES: Final = {verdict.value: verdict for verdict in Verdict} | {
    "errors": Verdict.ERROR,
    "unconsumed": Verdict.PAID_NOT_CONSUMED,
}
_YES: Final = frozenset({"yes", "y", "true", "1", "only"})
_NO: Final = frozenset({"no", "n", "false", "0", "none"})


@dataclass(frozen=True)
class RowFilter:
    verdicts: frozenset[Verdict] = frozenset()
    """Any of these (empty: any verdict)."""
    stores: frozenset[str] = frozenset()
    test: bool | None = None
    error_codes: frozenset[str] = frozenset()
    texts: tuple[str, ...] = ()
    """Each must be found (case-insensitive) in the token, order id or error."""
    problems: tuple[str, ...] = field(default=())
    """Words not understood, to say beside the filter."""

    @property
    def active(self) -> bool:
        return bool(
            self.verdicts or self.stores or self.test is not None or self.error_codes or self.texts
        )

    def matches(self, item: WorklistItem, outcome: LookupOutcome | None) -> bool:
        return self.keeps(row_facts(item, outcome))

    def select(self, facts: Sequence[RowFacts]) -> list[int]:
        """The indexes of the rows shown, in order: the same rows `keeps` keeps, chosen one
        condition at a time over the whole list, each a comprehension over the rows still
        in. A filter keystroke over 10,000 rows then costs a few milliseconds on the event
        loop instead of 10,000 calls of `keeps` (a generator each, for the texts)."""
        rows: Iterable[int] = range(len(facts))
        if self.verdicts:
            verdicts = self.verdicts
            rows = [i for i in rows if facts[i].verdict in verdicts]
        if self.stores:
            stores = self.stores
            rows = [i for i in rows if facts[i].store in stores]
        if self.test is not None:
            test = self.test
            rows = [i for i in rows if facts[i].test == test]
        if self.error_codes:
            codes = self.error_codes
            rows = [i for i in rows if facts[i].error_code in codes]
        for text in self.texts:
            rows = [i for i in rows if text in facts[i].haystack]
        return list(rows)

    def keeps(self, facts: RowFacts) -> bool:
        """Whether a row with these facts is shown: a few comparisons, so a filter typed
        over 10,000 rows answers within a frame (`row_facts` did the work once per answer)."""
        if self.verdicts and facts.verdict not in self.verdicts:
            return False
        if self.stores and facts.store not in self.stores:
            return False
        if self.test is not None and facts.test != self.test:
            return False
        if self.error_codes and facts.error_code not in self.error_codes:
            return False
        if self.texts:
            haystack = facts.haystack
            return all(text in haystack for text in self.texts)
        return True


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What a filter (and the summary) asks of a row, worked out once when its answer lands
    rather than for every row at every keypress."""

    verdict: Verdict
    store: str
    test: bool
    error_code: str | None
    haystack: str
    """Token, order id and error, lower-cased: what a filter's text is looked for in."""


def row_facts(item: WorklistItem, outcome: LookupOutcome | None) -> RowFacts:
    return RowFacts(
        verdict_of(item, outcome),
        store_of(item, outcome).value,
        is_test_order(outcome),
        error_code(outcome),
        _haystack(item, outcome),
    )


def parse_filter(line: str) -> RowFilter:
    verdicts: set[Verdict] = set()
    stores: set[str] = set()
    codes: set[str] = set()
    texts: list[str] = []
    problems: list[str] = []
    test: bool | None = None
    for word in line.split():
        lowered = word.lower()
        name, colon, value = lowered.partition(":")
        if not colon:
            if lowered in _VERDICT_NAMES:
                verdicts.add(_VERDICT_NAMES[lowered])
            elif lowered == "test":
                test = True
            else:
                texts.append(lowered)
            continue
        if name in ("verdict", "is", "v") and value in _VERDICT_NAMES:
            verdicts.add(_VERDICT_NAMES[value])
        elif name == "store" and value in STORE_NAMES:
            stores.add(value)
        elif name == "test" and value in _YES | _NO:
            test = value in _YES
        elif name in ("error", "code") and value:
            codes.add(value)
        elif name in ("verdict", "is", "v", "store", "test", "error", "code"):
            problems.append(f"{word!r} is no {name} filter ({_choices(name)})")
        else:
            texts.append(lowered)  # a token may well hold a colon
    return RowFilter(
        frozenset(verdicts),
        frozenset(stores),
        test,
        frozenset(codes),
        tuple(texts),
        tuple(problems),
    )


def _choices(name: str) -> str:
    if name == "store":
        return "stores: " + ", ".join(STORE_NAMES)
    if name == "test":
        return "test:yes or test:no"
    if name in ("error", "code"):
        return "error:CODE, e.g. error:3901"
    return "verdicts: " + ", ".join(verdict.value for verdict in Verdict)


def _haystack(item: WorklistItem, outcome: LookupOutcome | None) -> str:
    parts = [item.token]
    if outcome is not None:
        if outcome.decoded is not None:
            order_id = outcome.decoded.purchase.order_id
            if isinstance(order_id, str):
                parts.append(order_id)
        if outcome.failure is not None:
            parts.append(outcome.failure.explanation.title)
            parts.append(outcome.failure.reason)
    return "\n".join(parts).lower()
