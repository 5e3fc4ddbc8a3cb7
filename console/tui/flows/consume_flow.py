"""A consume, check → confirm → send → proof (DESIGN.md): the form follows the guards' verdict
on the purchase on screen (a history that cannot take the write-ahead entry included); ctrl+o
has the desk verify afresh, the dialog opens on Cancel, and once sent the consume runs to its
outcome — shown with the proof, never cancelled, never retried by itself.

One consume at a time (consume_gate.py): from the request to its outcome on screen, a second
request is ignored with a short notice. A cancellation at the confirmation is put on record,
as a refusal is: the decision belongs in a ticket."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from console.tui.in_flight import InFlightRequest, RequestKind

from .consume_gate import ConsumeGate, ConsumeStage
from .workers import CONSUME_GROUP, HISTORY_NOTE_GROUP, LOOKUP_GROUP

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from console.desk import ConsumePlan, ConsumePreview, ConsumeStatus, Desk, Refusal
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


class ConsumeFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host
        self.consuming = False
        """A consume was sent and its outcome is not shown yet: nothing may switch away."""
        self.gate = ConsumeGate()

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
        worker = host.start_worker(
            partial(self._check_then_confirm, environment, request),
            name="check then confirm",
            group=LOOKUP_GROUP,
            exclusive=True,
        )
        self.gate.hold(worker, ConsumeStage.CHECKING)

    async def _check_then_confirm(self, environment: Environment, request: ConsumeRequest) -> None:
        """Verify afresh through the desk's guards, then ask. Cancellable until the dialog
        is answered: nothing has been sent but a verify."""
        from console.tui.dialogs.confirm_consume import ConfirmConsume

        host = self._host
        session = host.session
        desk = session.workspace.desk(environment)
        host.notify("Verifying again before consuming…", timeout=2)
        query = desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )
        from console.payments import mask_token

        checking = InFlightRequest(
            RequestKind.CHECK_BEFORE_CONSUME, desk.host, mask_token(request.token)
        )
        with host.in_flight(checking):
            plan = await desk.check_consume(
                query, developer_payload=request.developer_payload, force=request.force
            )
        host.report_history_failures()
        if environment != session.environment:
            return
        if not plan.allowed:
            refusal = plan.refusal
            if plan.check is not None:
                host.show_outcome(plan.check)
            if refusal is not None:
                from console.desk import ConsumePreview, RefusalReason

                if refusal.reason is RefusalReason.HELD_ELSEWHERE:
                    # Another console holds this token: the form says who; Force goes on.
                    host.form.show_preview(ConsumePreview(refusal))
                host.notify(
                    refusal.message, title="Consume refused", severity="error", markup=False
                )
            return
        # The "verifying again" toast would otherwise sit over the dialog's details.
        host.clear_notifications()
        self.gate.advance(ConsumeStage.CONFIRMING)
        confirmed = await host.ask(ConfirmConsume(plan, environment, desk.host))
        if not confirmed:
            await self._record_cancelled(desk, plan, "cancelled at the confirmation")
            host.notify("Cancelled: nothing was consumed (on record as cancelled).", timeout=4)
            return
        if environment != session.environment:
            await self._record_cancelled(desk, plan, "the environment changed before it was sent")
            host.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        worker = host.start_worker(
            partial(self._consume, environment, plan), name="consume", group=CONSUME_GROUP
        )
        self.gate.hold(worker, ConsumeStage.SENDING)

    async def _record_cancelled(self, desk: Desk, plan: ConsumePlan, note: str) -> None:
        """On record through the desk (a write that failed is said as any other: nothing
        was sent either way)."""
        await desk.record_cancelled(plan, note=note)
        self._host.report_history_failures()

    async def _record_refused(
        self, environment: Environment, request: ConsumeRequest, refusal: Refusal
    ) -> None:
        host = self._host
        desk = host.session.workspace.desk(environment)
        query = desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )
        outcome = host.result.outcome
        lookup = outcome if outcome is not None and outcome.environment == environment else None
        await desk.record_refused(query, refusal, lookup=lookup)
        host.report_history_failures()

    async def _consume(self, environment: Environment, plan: ConsumePlan) -> None:
        host = self._host
        self.consuming = True
        host.form.set_busy(True)
        host.result.show_loading()
        desk = host.session.workspace.desk(environment)
        from console.payments import mask_token

        token = mask_token(plan.query.token) if plan.query is not None else "the purchase"
        # At most its request's deadline, then the verify that shows the proof.
        sent = InFlightRequest(RequestKind.CONSUME, desk.host, token, limit_s=2 * desk.deadline_s)
        try:
            # Shielded: once sent, a consume runs to its outcome (recorded by the desk) even
            # if this worker is torn down; Escape never reaches this group.
            with host.in_flight(sent):
                outcome = await asyncio.shield(desk.consume(plan))
        finally:
            self.consuming = False
            host.form.set_busy(False)
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
        host.report_history_failures()
