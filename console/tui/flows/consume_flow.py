"""A consume, check → confirm → send → proof (DESIGN.md): the form follows the guards' verdict
on the purchase on screen (a history that cannot take the write-ahead entry included); ctrl+o
has the desk verify afresh, the dialog opens on Cancel, and once sent the consume runs to its
outcome — shown with the proof, never cancelled, never retried by itself."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from console.desk import ConsumePlan, ConsumeStatus, preview_consume
from console.settings.environments import Environment
from console.tui.screens.confirm_consume import ConfirmConsume
from console.tui.widgets.consume_form import ConsumeRequest

from .workers import CONSUME_GROUP, LOOKUP_GROUP, start_worker

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen

_SEVERITY: dict[ConsumeStatus, SeverityLevel] = {
    ConsumeStatus.CONSUMED: "information",
    ConsumeStatus.REFUSED: "error",
    ConsumeStatus.CONTRADICTION: "error",
}


class ConsumeFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self.consuming = False
        """A consume was sent and its outcome is not shown yet: nothing may switch away."""

    def refresh_preview(self) -> None:
        """The guards' verdict on the purchase on screen and the form's store and force."""
        screen = self._screen
        form = screen.form
        if form.token is None:
            return
        form.show_preview(
            preview_consume(
                screen.console.environment,
                screen.result.outcome,
                store=form.store(),
                force=form.force,
                write_ahead=screen.console.workspace.write_ahead,
            )
        )

    def request(self) -> None:
        """ctrl+o, the form's button, a worklist row's `c`: refused at once when a guard would
        refuse; otherwise verified afresh, then confirmed."""
        screen = self._screen
        if self.consuming:
            screen.notify("A consume is already in flight.", severity="warning")
            return
        request = screen.form.request()
        if request is None:
            screen.notify("Look a purchase up first: only a verified purchase can be consumed.")
            return
        environment = screen.console.environment
        preview = preview_consume(
            environment,
            screen.result.outcome,
            store=request.store,
            force=request.force,
            write_ahead=screen.console.workspace.write_ahead,
        )
        if preview.refusal is not None:
            screen.form.show_preview(preview)
            screen.notify(
                preview.refusal.message, title="Consume refused", severity="error", markup=False
            )
            return
        start_worker(
            screen,
            partial(self._check_then_confirm, environment, request),
            name="check then confirm",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _check_then_confirm(self, environment: Environment, request: ConsumeRequest) -> None:
        """Verify afresh through the desk's guards, then ask. Cancellable until the dialog
        is answered: nothing has been sent but a verify."""
        screen = self._screen
        console = screen.console
        desk = console.workspace.desk(environment)
        screen.notify("Verifying again before consuming…", timeout=2)
        query = desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )
        plan = await desk.check_consume(
            query, developer_payload=request.developer_payload, force=request.force
        )
        screen.history_flow.report_write_failures()
        if environment != console.environment:
            return
        if not plan.allowed:
            refusal = plan.refusal
            if plan.check is not None:
                screen.lookup_flow.show_outcome(plan.check)
            if refusal is not None:
                screen.notify(
                    refusal.message, title="Consume refused", severity="error", markup=False
                )
            return
        # The "verifying again" toast would otherwise sit over the dialog's details.
        console.clear_notifications()
        confirmed = await console.push_screen_wait(ConfirmConsume(plan, environment, desk.host))
        if not confirmed:
            screen.notify("Cancelled: nothing was consumed.", timeout=4)
            return
        if environment != console.environment:
            screen.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        start_worker(
            screen, partial(self._consume, environment, plan), name="consume", group=CONSUME_GROUP
        )

    async def _consume(self, environment: Environment, plan: ConsumePlan) -> None:
        screen = self._screen
        self.consuming = True
        screen.form.set_busy(True)
        screen.result.show_loading()
        desk = screen.console.workspace.desk(environment)
        try:
            # Shielded: once sent, a consume runs to its outcome (recorded by the desk) even
            # if this worker is torn down; Escape never reaches this group.
            outcome = await asyncio.shield(desk.consume(plan))
        finally:
            self.consuming = False
            screen.form.set_busy(False)
        screen.result.show_consume(outcome)
        if outcome.proof is not None and outcome.proof.decoded is not None:
            screen.form.fill(outcome.proof)
            screen.worklist_flow.update_row(outcome.proof)
        self.refresh_preview()
        screen.notify(
            outcome.summary,
            title=f"Consume: {outcome.status.value}",
            severity=_SEVERITY.get(outcome.status, "warning"),
            markup=False,
        )
        if outcome.superseded is not None:
            screen.notify(
                f"history resolve had settled entry {outcome.history_entry} while this consume "
                f"was in flight ({outcome.superseded}); the consume's own outcome replaced "
                "that resolution in the history.",
                title="History corrected",
                severity="warning",
                timeout=15,
                markup=False,
            )
        screen.history_flow.report_write_failures()
