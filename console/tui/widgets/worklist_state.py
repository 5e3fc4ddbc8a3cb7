"""What the worklist holds, apart from how it is drawn: its tokens, each one's latest lookup and
status, what this session did to each, which are selected, which the filter shows, and the
rules that keep a late answer from misleading — a result of an older list never lands in a
newer one, and a lookup never replaces a later one.

No screen here: the worklist widget paints rows from this and runs the verifications.

The summary's counts move with each answer (one row out of its old count, into its new one)
and each row's filter facts are worked out when its answer lands: neither the summary nor a
filter goes over 10,000 rows' lookups again while the list verifies.
"""

from __future__ import annotations

from collections import Counter

from console.desk import LookupOutcome
from console.desk.worklist import ParsedWorklist, WorklistItem
from console.desk.worklist_filter import RowFacts, RowFilter, row_facts
from console.desk.worklist_verdicts import SessionAct, Summary, Verdict
from console.outcome_category import OutcomeCategory
from console.payments import InputRejected, PurchaseQuery

from .worklist_rows import RowStatus


class WorklistState:
    def __init__(self) -> None:
        self.items: list[WorklistItem] = []
        self.outcomes: list[LookupOutcome | None] = []
        """Each item's latest lookup, None until it is verified."""
        self.statuses: list[RowStatus] = []
        self.acts: list[SessionAct | None] = []
        """What this session did to each row (a consume), None when nothing."""
        self.selected: set[int] = set()
        self.row_filter = RowFilter()
        self.visible: list[int] = []
        """The rows the table shows, in list order: all of them, or those the filter keeps."""
        self.done = 0
        self.environment_name = ""
        self.generation = 0
        """Bumped by every new list, so a late result of an older list can never land in it."""
        self._row_of_token: dict[str, int] = {}
        self.facts: list[RowFacts] = []
        """Each row's verdict, store, test flag, error and text, as the filter reads them."""
        self._verdicts: Counter[Verdict] = Counter()
        self._tests = 0
        self._errors: Counter[OutcomeCategory] = Counter()

    def start(
        self,
        parsed: ParsedWorklist,
        environment_name: str,
        facts: list[RowFacts] | None = None,
    ) -> int:
        """A new list, every row waiting; returns its generation. `facts`: each row's
        filter facts while it waits, when worked out already (in a thread, for a long list)."""
        self.generation += 1
        self.items = list(parsed.items)
        self.outcomes = [None] * len(self.items)
        self.statuses = [RowStatus.WAITING] * len(self.items)
        self.acts = [None] * len(self.items)
        self.selected = set()
        self.done = 0
        self.environment_name = environment_name
        self._row_of_token = {item.token: index for index, item in enumerate(self.items)}
        self.facts = facts if facts is not None else [row_facts(i, None) for i in self.items]
        self._verdicts = Counter(facts.verdict for facts in self.facts)
        self._tests = 0
        self._errors = Counter()
        self.visible = self.filtered()
        return self.generation

    def set_row(self, index: int, outcome: LookupOutcome) -> bool:
        """Take `outcome` unless the row already holds a later lookup: a verify sent before a
        consume must not land after the consume's proof and undo it on screen. Returns
        whether the row changed."""
        shown = self.outcomes[index]
        if shown is not None and shown.at > outcome.at:
            return False
        self._count(index, -1)
        self.outcomes[index] = outcome
        self.facts[index] = row_facts(self.items[index], outcome)
        self._count(index, +1)
        self.statuses[index] = RowStatus.DONE
        return True

    def _count(self, index: int, step: int) -> None:
        """Add (+1) or take out (-1) a row's part of the summary."""
        facts = self.facts[index]
        self._verdicts[facts.verdict] += step
        self._tests += step if facts.test else 0
        outcome = self.outcomes[index]
        if outcome is not None and outcome.category is not OutcomeCategory.OK:
            self._errors[outcome.category] += step

    def row_of(self, outcome: LookupOutcome) -> int | None:
        """The row of the outcome's token (the list holds each token once), if listed."""
        return self._row_of_token.get(_token_of(outcome))

    def stop_waiting(self) -> list[int]:
        """The list's verification was cancelled: rows still waiting are stopped. Returns
        them, to repaint."""
        stopped = [
            index for index, status in enumerate(self.statuses) if status is RowStatus.WAITING
        ]
        for index in stopped:
            self.statuses[index] = RowStatus.STOPPED
        return stopped

    def count_words(self, *, stopped: bool = False) -> str:
        """`3/10 · qa`, `10/10 done · qa`, `4/10 stopped · qa`."""
        total = len(self.items)
        words = f"{self.done}/{total}"
        if stopped:
            words += " stopped"
        elif total and self.done == total:
            words += " done"
        return f"{words} · {self.environment_name}" if self.environment_name else words

    def summary(self) -> Summary:
        """As `summarise(items, outcomes)` says it, from the counts kept up to date."""
        return Summary(len(self.items), +self._verdicts, self._tests, +self._errors)

    # --- selection and filter -------------------------------------------------------------

    def toggle(self, index: int) -> bool:
        """Select or unselect a row; returns whether it is selected now."""
        if index in self.selected:
            self.selected.discard(index)
            return False
        self.selected.add(index)
        return True

    def filtered(self) -> list[int]:
        if not self.row_filter.active:
            return list(range(len(self.items)))
        return self.row_filter.select(self.facts)

    def chosen(self) -> tuple[list[int], str]:
        """The rows an export or a bulk consume works on, and their name: the selection,
        else the rows the filter shows, else all."""
        if self.selected:
            return sorted(self.selected), "selected"
        if self.row_filter.active:
            return list(self.visible), "filtered"
        return list(range(len(self.items))), "all"


def _token_of(outcome: LookupOutcome) -> str:
    if outcome.query is not None:
        return outcome.query.token
    try:
        return PurchaseQuery(outcome.raw_token).token
    except InputRejected:
        return outcome.raw_token
