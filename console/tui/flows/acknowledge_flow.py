"""Acknowledging the subscription on screen from the form beside Consume (acknowledge_form.py):
its button, ctrl+k or the palette's "Acknowledge subscription" have the desk verify afresh and
walk the acknowledge's guards, the dialog opens on Cancel (typed in production), and once sent
the acknowledge runs to its outcome — shown with now.gg's reply, never cancelled, never
retried by itself.

One acknowledge at a time, as one consume (consume_gate.py): from the request to its outcome a
second request is ignored with a notice, never a second dialog; the verify before it and the
acknowledge itself are said in flight (which, where, and what Escape does). A cancellation at
the confirmation is on record through the desk, as the desk records its guards' refusals.

What the console knows of subscriptions lives here, for this session: a purchase the operator
asked to acknowledge is one (they said so), one with an acknowledge of its token here in the
history is one, and one now.gg accepted an acknowledge of (or answered 5002) is acknowledged.
Nothing is read into the verify reply, which has no such field.

The sequence is the one every write follows (write_flow.py); what is an acknowledge's own is
here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from .workers import HISTORY_NOTE_GROUP
from .write_flow import WriteFlow

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from console.desk import Desk, PurchaseQuery, WriteOutcome, WritePlan
    from console.settings.environments import Environment

    from .host import FlowHost

_ACKNOWLEDGED_CODES = (0, 5002)
"""Answers that say the subscription is acknowledged now (5002: most often, already)."""

Place = tuple[str, str]
"""(environment, token): where a subscription is known."""


@dataclass(frozen=True)
class AcknowledgeRequest:
    """The verified purchase on screen the operator asked to acknowledge, and Force."""

    query: PurchaseQuery
    force: bool


class AcknowledgeFlow(WriteFlow["AcknowledgeRequest"]):
    def __init__(self, host: FlowHost) -> None:
        super().__init__(host, "acknowledge")
        self.known: set[Place] = set()
        """Purchases this session knows are subscriptions (marked, or in the history)."""
        self.acknowledged: set[Place] = set()
        """Subscriptions this session saw acknowledged."""
        self._recalled: set[Place] = set()

    @property
    def acknowledging(self) -> bool:
        """An acknowledge was sent and its outcome is not shown yet."""
        return self.sending

    def _place(self) -> Place | None:
        outcome = self._host.result.outcome
        if outcome is None or outcome.query is None or outcome.decoded is None:
            return None
        return (outcome.environment.name, outcome.query.token)

    async def open(self) -> None:
        """ctrl+k or the palette: the operator says the purchase on screen is a subscription
        and asks to acknowledge it — shown beside Consume, then checked and confirmed."""
        host = self._host
        place = self._place()
        if place is None:
            host.notify("Look a purchase up first: only a verified purchase is acknowledged.")
            return
        self.known.add(place)
        self.refresh()
        self.request(host.acknowledge_form.force)

    def follow(self) -> None:
        """After a lookup (or a change of the form): the form as of now, then once per
        purchase what the history knows of it (read in a worker, off the event loop)."""
        self.refresh()
        place = self._place()
        outcome = self._host.result.outcome
        if place is None or outcome is None or place in self._recalled:
            return
        self._recalled.add(place)
        self._host.start_worker(
            partial(self._recall, place, outcome.host),
            name="what the history knows of a subscription",
            group=HISTORY_NOTE_GROUP,
        )

    async def _recall(self, place: Place, where: str) -> None:
        """An acknowledge of the token at this host on record makes it a known subscription;
        one now.gg accepted (or answered 5002) makes it acknowledged."""
        from console.history import Action, HistoryFilter, HistoryUnavailable, Outcome

        host = self._host
        try:
            entries = await host.session.workspace.search_history(
                HistoryFilter(token=place[1], action=Action.ACKNOWLEDGE, limit=50)
            )
        except HistoryUnavailable:
            return  # nothing known: the form says what the session saw, no more
        for entry in entries:
            if entry.host != where:
                continue
            self.known.add(place)
            answered = entry.outcome is Outcome.OK or (
                entry.outcome is Outcome.API and entry.code in _ACKNOWLEDGED_CODES
            )
            if answered:
                self.acknowledged.add(place)
        self.refresh()

    def refresh(self) -> None:
        from console.payments import acknowledge_deadline
        from console.tui.widgets.acknowledge_form import Subscription

        outcome = self._host.result.outcome
        decoded = outcome.decoded if outcome is not None else None
        deadline = acknowledge_deadline(decoded, datetime.now(UTC)) if decoded else None
        place = self._place()
        subscription = Subscription(
            known=place in self.known or place in self.acknowledged,
            acknowledged=place in self.acknowledged,
        )
        self._host.acknowledge_form.show_purchase(outcome, deadline, subscription)

    def request(self, force: bool) -> None:
        """The form's button: refused at once without a verified purchase on screen; else
        verified afresh through the desk's guards, then confirmed."""
        host = self._host
        # Checked first and synchronously: two requests in one frame (a double press of the
        # button, the palette) reach here one after the other, the second refused.
        refusal = self.gate.refusal()
        if refusal is not None:
            host.notify(refusal, severity="warning", timeout=4)
            return
        outcome = host.result.outcome
        form = host.acknowledge_form
        if outcome is None or outcome.decoded is None or outcome.query is None:
            host.notify("Look a purchase up first: only a verified purchase is acknowledged.")
            return
        if form.token != outcome.query.token:
            self.refresh()
            host.notify("The purchase on screen changed: check its deadline, then acknowledge.")
            return
        self._start(host.session.environment, AcknowledgeRequest(outcome.query, force))

    # -- an acknowledge's own parts of the sequence (write_flow.py) --------------------------

    def _token(self, request: AcknowledgeRequest) -> str:
        return request.query.token

    async def _check(self, desk: Desk, request: AcknowledgeRequest) -> WritePlan:
        return await desk.check_acknowledge(request.query, force=request.force)

    def _show_refused(self, plan: WritePlan) -> None:
        refusal = plan.refusal
        if refusal is not None:
            self._host.acknowledge_form.show_refusal(refusal.message, refusal.forceable)

    def _dialog(self, plan: WritePlan, environment: Environment, host: str) -> ModalScreen[bool]:
        from console.tui.dialogs.confirm_acknowledge import ConfirmAcknowledge

        return ConfirmAcknowledge(plan, environment, host)

    def _set_busy(self, busy: bool) -> None:
        self._host.acknowledge_form.set_busy(busy)

    def _show_outcome(
        self, environment: Environment, plan: WritePlan, outcome: WriteOutcome
    ) -> None:
        host = self._host
        code = outcome.failure.api_code if outcome.failure else (0 if outcome.reply else None)
        if plan.query is not None:
            # Attempted: it is a subscription now, as far as this session knows.
            self.known.add((environment.name, plan.query.token))
            if code in _ACKNOWLEDGED_CODES:
                self.acknowledged.add((environment.name, plan.query.token))
        self.refresh()
        host.acknowledge_form.show_outcome(outcome)
        good = outcome.done
        host.notify(
            outcome.summary,
            title=f"Acknowledge: {outcome.status.value}",
            severity="information" if good else "warning",
            markup=False,
        )
