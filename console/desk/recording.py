"""Writing what the desk did into the audit history (DESIGN.md: every call, who, when, where).

The history must never cost an operation its result: a failed write of a lookup becomes a
warning the front end shows. The one exception is a consume's write-ahead entry — if that
cannot be written, the consume is not sent (the caller turns the error into a refusal).
"""

from __future__ import annotations

from datetime import UTC, datetime

from console.history import Action, HistoryEntry, HistoryStore, HistoryUnavailable, Outcome

from .outcomes import ConsumeOutcome, ConsumePlan, ConsumeStatus, Failure, LookupOutcome
from .serialise import plain_object, request_record


def _error_outcome(failure: Failure | None) -> Outcome:
    """now.gg said no, or no usable answer came. Never "unknown" for a failed verify: a
    verify changes nothing and may be repeated; only a consume leaves a purchase in doubt."""
    if failure is not None and failure.category == "api":
        return Outcome.API_ERROR
    return Outcome.NETWORK_ERROR


# How a consume's verdict is written down; FAILED depends on the failure (_error_outcome).
_CONSUME_OUTCOMES = {
    ConsumeStatus.CONSUMED: Outcome.OK,
    ConsumeStatus.NOT_CONSUMED: Outcome.NETWORK_ERROR,
    ConsumeStatus.UNKNOWN: Outcome.UNKNOWN,
}


class Recorder:
    """Turns desk outcomes into history entries for one operator."""

    def __init__(self, store: HistoryStore, operator: str) -> None:
        self.store = store
        self.operator = operator
        self.warnings: list[str] = []

    def _write(self, entry: HistoryEntry) -> int | None:
        try:
            return self.store.record(entry)
        except HistoryUnavailable as error:
            self.warnings.append(f"this call was not written to the history: {error.reason}")
            return None

    def lookup(self, outcome: LookupOutcome, action: Action, note: str | None) -> int | None:
        """Record a verify that was attempted; refusals of the input itself are not calls."""
        if outcome.query is None or (
            outcome.failure is not None
            and not outcome.failure.request_sent
            and outcome.failure.category in ("input", "key")
        ):
            return None
        decoded = outcome.decoded
        failure = outcome.failure
        return self._write(
            HistoryEntry(
                id=None,
                at=outcome.at,
                operator=self.operator,
                environment=outcome.environment.name,
                host=outcome.host,
                action=action,
                token=outcome.query.token,
                store=outcome.query.store.value,
                product_id=outcome.query.product_id,
                currency=outcome.query.currency,
                order_id=decoded.purchase.order_id if decoded else None,
                outcome=Outcome.OK if failure is None else _error_outcome(failure),
                code=failure.api_code if failure else 0,
                reason=decoded.headline if decoded else (failure.reason if failure else None),
                request=request_record(outcome.request) if outcome.request else None,
                reply=plain_object(outcome.reply),
                latency_ms=outcome.latency_ms,
                note=note,
            )
        )

    def _consume_entry(
        self,
        plan: ConsumePlan,
        environment: str,
        host: str,
        note: str | None,
        outcome: Outcome,
        reason: str,
    ) -> HistoryEntry:
        query = plan.query
        decoded = plan.check.decoded if plan.check else None
        return HistoryEntry(
            id=None,
            at=datetime.now(UTC),
            operator=self.operator,
            environment=environment,
            host=host,
            action=Action.CONSUME,
            token=query.token if query else "",
            store=query.store.value if query else "",
            product_id=query.product_id if query else None,
            currency=query.currency if query else None,
            order_id=decoded.purchase.order_id if decoded else None,
            outcome=outcome,
            reason=reason,
            request=request_record(plan.request) if plan.request else None,
            note=note,
            pending=outcome is Outcome.UNKNOWN,
        )

    def refused(self, plan: ConsumePlan, environment: str, host: str, note: str | None) -> None:
        """A consume a guard refused: on record, because the decision matters in a ticket."""
        if plan.refusal is None:
            return
        reason = f"{plan.refusal.reason.value}: {plan.refusal.message}"
        self._write(self._consume_entry(plan, environment, host, note, Outcome.REFUSED, reason))

    def begin_consume(
        self, plan: ConsumePlan, environment: str, host: str, note: str | None
    ) -> int:
        """The write-ahead entry, committed before the consume is sent; raises
        `HistoryUnavailable` when it cannot be written."""
        assert plan.query is not None, "only an allowed plan is begun"
        forced = f"forced past: {plan.overridden.message}" if plan.overridden else None
        reason = forced or "sent; waiting for the reply"
        return self.store.begin(
            self._consume_entry(plan, environment, host, note, Outcome.UNKNOWN, reason)
        )

    def complete_consume(self, entry_id: int, outcome: ConsumeOutcome) -> None:
        failure = outcome.failure
        status_outcome = _CONSUME_OUTCOMES.get(outcome.status) or _error_outcome(failure)
        try:
            self.store.complete(
                entry_id,
                outcome=status_outcome,
                code=failure.api_code if failure else 0,
                reason=outcome.summary,
                reply=plain_object(outcome.reply),
                latency_ms=outcome.latency_ms,
            )
        except HistoryUnavailable as error:
            self.warnings.append(
                f"the consume's result was not written to the history (entry {entry_id} stays "
                f"'outcome unknown'; `nowgg-console history resolve` settles it): {error.reason}"
            )
