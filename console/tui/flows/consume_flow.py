"""A consume, check → confirm → send → proof (DESIGN.md): the form follows the guards' verdict
on the purchase on screen (a history that cannot take the write-ahead entry included); ctrl+o
has the desk verify afresh, the dialog opens on Cancel, and once sent the consume runs to its
outcome — shown with the proof, never cancelled, never retried by itself.

One consume at a time (consume_gate.py): from the request to its outcome on screen, a second
request is ignored with a short notice. A cancellation at the confirmation is put on record,
as a refusal is: the decision belongs in a ticket. The sequence is the one every write
follows (write_flow.py); what is a consume's own is here."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .workers import HISTORY_NOTE_GROUP
from .write_flow import WriteFlow

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import ModalScreen

    from console.desk import (
        ConsumePreview,
        ConsumeStatus,
        Desk,
        QueryInput,
        Refusal,
        WriteOutcome,
        WritePlan,
    )
    from console.settings.environments import Environment
    from console.tui.widgets.consume_form import ConsumeRequest

    from .host import FlowHost


def _severity(status: ConsumeStatus) -> SeverityLevel:
    from console.desk import ConsumeStatus

    if status is ConsumeStatus.CONSUMED:
        return "information"
    if status in (ConsumeStatus.REFUSED, ConsumeStatus.CONTRADICTION):
        return "error"
    return "warning"


class ConsumeFlow(WriteFlow["ConsumeRequest"]):
    def __init__(self, host: FlowHost) -> None:
        super().__init__(host, "consume")

    @property
    def consuming(self) -> bool:
        """A consume was sent and its outcome is not shown yet: nothing may switch away."""
        return self.sending

    def refresh_preview(self) -> None:
        """The guards' verdict on the purchase on screen and the form's store and force."""
        host = self._host
        form = host.form
        if form.token is None:
            return
        form.show_preview(self._preview(form.store(), force=form.force))

    def _preview(self, store: str, *, force: bool) -> ConsumePreview:
        """The guards' verdict on the purchase on screen. There is one only after a lookup,
        so the workspace (and the desk this comes from) is open by then."""
        from console.desk import preview_consume

        host = self._host
        return preview_consume(
            host.session.environment,
            host.result.outcome,
            store=store,
            force=force,
            write_ahead=host.session.workspace.write_ahead,
        )

    def request(self) -> None:
        """ctrl+o, the form's button, a worklist row's `c`: refused at once when a guard would
        refuse; otherwise verified afresh, then confirmed."""
        host = self._host
        # Checked first and synchronously: two requests in one frame (a double key press,
        # the palette and the binding) reach here one after the other, the second refused.
        refusal = self.gate.refusal()
        if refusal is not None:
            host.notify(refusal, severity="warning", timeout=4)
            return
        request = host.form.request()
        if request is None:
            host.notify("Look a purchase up first: only a verified purchase can be consumed.")
            return
        environment = host.session.environment
        preview = self._preview(request.store, force=request.force)
        if preview.refusal is not None:
            host.form.show_preview(preview)
            host.notify(
                preview.refusal.message, title="Consume refused", severity="error", markup=False
            )
            # On record as any refusal is, with its target and the guard.
            host.start_worker(
                partial(self._record_refused, environment, request, preview.refusal),
                name="record refusal",
                group=HISTORY_NOTE_GROUP,
            )
            return
        self._start(environment, request)

    # -- a consume's own parts of the sequence (write_flow.py) -------------------------------

    def _token(self, request: ConsumeRequest) -> str:
        return request.token

    async def _check(self, desk: Desk, request: ConsumeRequest) -> WritePlan:
        return await desk.check_consume(
            self._query(desk, request),
            developer_payload=request.developer_payload,
            force=request.force,
        )

    def _show_refused(self, plan: WritePlan) -> None:
        if plan.check is not None:
            self._host.show_outcome(plan.check)
        refusal = plan.refusal
        if refusal is not None:
            from console.desk import ConsumePreview, RefusalReason

            if refusal.reason is RefusalReason.HELD_ELSEWHERE:
                # Another console holds this token: the form says who; Force goes on.
                self._host.form.show_preview(ConsumePreview(refusal))

    def _dialog(self, plan: WritePlan, environment: Environment, host: str) -> ModalScreen[bool]:
        from console.tui.dialogs.confirm_consume import ConfirmConsume

        return ConfirmConsume(plan, environment, host)

    def _set_busy(self, busy: bool) -> None:
        self._host.form.set_busy(busy)
        if busy:
            self._host.result.show_loading()

    def _show_outcome(
        self, environment: Environment, plan: WritePlan, outcome: WriteOutcome
    ) -> None:
        host = self._host
        host.result.show_consume(outcome)
        if outcome.proof is not None and outcome.proof.decoded is not None:
            host.form.fill(outcome.proof)
            host.update_worklist_row(outcome.proof)
        self.refresh_preview()
        if outcome.refusal is not None and outcome.refusal.forceable:
            # Another console holds this token: the form says who, and Force is the way on,
            # as for any forceable guard (the check could not know before writing ahead).
            from console.desk import ConsumePreview

            host.form.show_preview(ConsumePreview(outcome.refusal))
        host.refresh_unknown_count()
        host.notify(
            outcome.summary,
            title=f"Consume: {outcome.status.value}",
            severity=_severity(outcome.status),
            markup=False,
        )
        if outcome.superseded is not None:
            host.notify(
                f"history resolve had settled entry {outcome.history_entry} while this consume "
                f"was in flight ({outcome.superseded}); the consume's own outcome replaced "
                "that resolution in the history.",
                title="History corrected",
                severity="warning",
                timeout=15,
                markup=False,
            )

    # -- on record -----------------------------------------------------------------------

    @staticmethod
    def _query(desk: Desk, request: ConsumeRequest) -> QueryInput:
        return desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )

    async def _record_refused(
        self, environment: Environment, request: ConsumeRequest, refusal: Refusal
    ) -> None:
        host = self._host
        desk = host.session.workspace.desk(environment)
        outcome = host.result.outcome
        lookup = outcome if outcome is not None and outcome.environment == environment else None
        await desk.record_refused(self._query(desk, request), refusal, lookup=lookup)
        host.report_history_failures()
