"""The worklist tab seen from the main screen: opening it (built on first show), a list given
at start (`--tokens FILE`), its current row shown in the purchase pane, and its consumes.

A row's consume (`c`) and a bulk consume (`C`) stay on the worklist: the desk verifies afresh
through every guard (check), the consume dialog every path shares asks (one dialog for a bulk
consume, listing what it skips), the desk writes ahead and sends once (act) and verifies
(proof) — and the row shows what happened, the table focused on the same row as before. No
tab switch, no token field: the next `n` steps, the next `c` consumes.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from console.tui import long_lived
from console.tui.in_flight import InFlightRequest, RequestKind

from .consume_gate import ConsumeGate, ConsumeStage
from .tab_flow import WORKLIST_TAB
from .workers import CONSUME_GROUP, HISTORY_NOTE_GROUP, LOOKUP_GROUP

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from console.desk import ConsumePlan, ConsumeStatus, Desk, LookupOutcome
    from console.desk.worklist import WorklistItem
    from console.settings.environments import Environment
    from console.tui.widgets.worklist import Worklist

    from .host import FlowHost


def _severity(status: ConsumeStatus) -> SeverityLevel:
    from console.desk import ConsumeStatus

    if status is ConsumeStatus.CONSUMED:
        return "information"
    if status in (ConsumeStatus.REFUSED, ConsumeStatus.CONTRADICTION):
        return "error"
    return "warning"


class WorklistFlow:
    def __init__(self, host: FlowHost, gate: ConsumeGate) -> None:
        self._host = host
        self.gate = gate
        """The purchase tab's gate (consume_flow.py): one confirmation at a time across both,
        so a worklist consume and a purchase-tab consume never both open a dialog."""
        self.consuming = False
        """A worklist consume was sent and its outcome is not known yet (quitting asks)."""

    @property
    def worklist(self) -> Worklist | None:
        """The worklist, once its tab was first shown."""
        # Loaded with the tab: once there is content, the module is.
        from console.tui.widgets.worklist import Worklist

        content = self._host.tab_content(WORKLIST_TAB)
        return content if isinstance(content, Worklist) else None

    async def start_with(self, text: str, notes: tuple[str, ...] = ()) -> None:
        """`--tokens FILE`: the worklist in front, verifying the file's tokens, the table
        focused; what the file's reading skipped in its notices (never toasts)."""
        # What lives now (the app) is frozen out of full collections before the tab is built:
        # its CSS and widgets allocate enough to start one, which walked every object of the
        # app in one pause (bench/worklist_console.py: 110-250 ms, a long list's longest gap).
        long_lived.keep()
        # One frame for all of it: the tab shown, its widgets mounted, the list's rows, the
        # paste area hidden, the table focused and the footer's keys for it. Drawn step by
        # step, each step laid the whole screen out again and repainted it (four or five
        # layouts, ~250 ms of CPU: bench/worklist_console.py) for frames nobody reads.
        with self._host.batch_update():
            await self._host.build_tab(WORKLIST_TAB)
            worklist = self.worklist
            assert worklist is not None, "building the tab makes it"
            worklist.load_text(text)
            worklist.show_file_notes(list(notes))
            worklist.focus_table()

    async def open(self) -> None:
        """ctrl+t: the worklist, with the table focused when it holds a list."""
        long_lived.keep()  # as in `start_with`
        await self._host.build_tab(WORKLIST_TAB)
        worklist = self.worklist
        if worklist is None:
            return
        if worklist.items:
            worklist.focus_table()
        else:
            worklist.query_one("#worklist-input").focus()

    def update_row(self, outcome: LookupOutcome) -> None:
        """A newer lookup of a token (a consume's proof) shown in its row, if listed."""
        worklist = self.worklist
        if worklist is not None:
            worklist.update_row(outcome)

    def row_selected(self, outcome: LookupOutcome) -> None:
        """The current row, shown in the purchase pane (ctrl+b) when it belongs to the
        environment on the banner."""
        host = self._host
        if outcome.environment == host.session.environment and not host.consuming:
            host.show_outcome(outcome)

    # --- one row --------------------------------------------------------------------------

    def consume_row(self, outcome: LookupOutcome, index: int, item: WorklistItem) -> None:
        host = self._host
        if outcome.environment != host.session.environment:
            message = (
                f"This row was verified on {outcome.environment.name}; switch there (or "
                "verify the list again) to consume it."
            )
            host.notify(message, severity="warning", markup=False)
            # The worklist's own refusal, on record with its target as any refusal is.
            host.start_worker(
                partial(self._record_refused, host.session.environment, item, message),
                name="worklist: record refusal",
                group=HISTORY_NOTE_GROUP,
            )
            return
        refusal = self.gate.refusal()
        if refusal is not None:
            host.notify(refusal, severity="warning", timeout=4)
            return
        worker = host.start_worker(
            partial(self._check_then_confirm, host.session.environment, index, item),
            name="worklist: check then confirm",
            group=LOOKUP_GROUP,
            exclusive=True,
        )
        self.gate.hold(worker, ConsumeStage.CHECKING)

    async def _check_then_confirm(
        self, environment: Environment, index: int, item: WorklistItem
    ) -> None:
        """Verify afresh through the desk's guards, then the one consume dialog."""
        from console.desk.worklist_verdicts import ActKind, SessionAct
        from console.payments import mask_token
        from console.tui.dialogs.confirm_consume import ConfirmConsume

        host = self._host
        desk = host.session.workspace.desk(environment)
        query = desk.read_query(
            item.token, store=item.store, product_id=item.product_id, currency=item.currency
        )
        checking = InFlightRequest(
            RequestKind.CHECK_BEFORE_CONSUME, desk.host, mask_token(item.token)
        )
        # A refusal here is on record by the desk (check_consume records its guards' no).
        with host.in_flight(checking):
            plan = await desk.check_consume(query)
        host.report_history_failures()
        worklist = self.worklist
        if worklist is None or environment != host.session.environment:
            return
        if plan.check is not None:
            worklist.update_row(plan.check)
        if not plan.allowed:
            refusal = plan.refusal
            if refusal is not None:
                from console.desk.worklist_consume import SKIP_WORDS

                words = SKIP_WORDS.get(refusal.reason, "refused")
                worklist.record_act(index, SessionAct(ActKind.SKIPPED, _now(), words))
                host.notify(
                    refusal.message, title="Consume refused", severity="error", markup=False
                )
            worklist.focus_table()
            return
        self.gate.advance(ConsumeStage.CONFIRMING)
        confirmed = await host.ask(ConfirmConsume(plan, environment, desk.host))
        worklist.focus_table()
        if not confirmed:
            await self._record_cancelled(desk, plan, "cancelled at the confirmation")
            host.notify("Cancelled: nothing was consumed (on record as cancelled).", timeout=4)
            return
        if environment != host.session.environment:
            await self._record_cancelled(desk, plan, "the environment changed before it was sent")
            host.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        worker = host.start_worker(
            partial(self._consume, environment, plan, index),
            name="worklist: consume",
            group=CONSUME_GROUP,
        )
        self.gate.hold(worker, ConsumeStage.SENDING)

    async def _record_refused(
        self, environment: Environment, item: WorklistItem, message: str
    ) -> None:
        from console.desk import Refusal, RefusalReason

        desk = self._host.session.workspace.desk(environment)
        query = desk.read_query(
            item.token, store=item.store, product_id=item.product_id, currency=item.currency
        )
        # No lookup on this environment to judge by: refused as a consume without one.
        await desk.record_refused(query, Refusal(RefusalReason.LOOKUP_FAILED, message, False))
        self._host.report_history_failures()

    async def _record_cancelled(self, desk: Desk, plan: ConsumePlan, note: str) -> None:
        """On record through the desk, as the purchase tab's cancellations are."""
        await desk.record_cancelled(plan, note=note)
        self._host.report_history_failures()

    async def _consume(self, environment: Environment, plan: ConsumePlan, index: int) -> None:
        from console.desk.worklist_consume import act_of
        from console.payments import mask_token

        host = self._host
        desk = host.session.workspace.desk(environment)
        token = mask_token(plan.query.token) if plan.query is not None else "the purchase"
        sent = InFlightRequest(RequestKind.CONSUME, desk.host, token, limit_s=2 * desk.deadline_s)
        self.consuming = True
        try:
            # Shielded: once sent, a consume runs to its outcome (recorded by the desk).
            with host.in_flight(sent):
                outcome = await asyncio.shield(desk.consume(plan))
        finally:
            self.consuming = False
        worklist = self.worklist
        if worklist is not None:
            if outcome.proof is not None:
                worklist.update_row(outcome.proof)
            worklist.record_act(index, act_of(outcome))
        host.notify(
            outcome.summary,
            title=f"Consume: {outcome.status.value}",
            severity=_severity(outcome.status),
            markup=False,
        )
        host.report_history_failures()

    # --- the selection ----------------------------------------------------------------------

    def consume_selected(self, indices: list[int]) -> None:
        host = self._host
        refusal = self.gate.refusal()
        if refusal is not None:
            host.notify(refusal, severity="warning", timeout=4)
            return
        worker = host.start_worker(
            partial(self._confirm_bulk, host.session.environment, indices),
            name="worklist: confirm bulk consume",
            group=LOOKUP_GROUP,
            exclusive=True,
        )
        self.gate.hold(worker, ConsumeStage.CHECKING)

    async def _confirm_bulk(self, environment: Environment, indices: list[int]) -> None:
        from console.desk.worklist_consume import (
            plan_bulk,
            record_bulk_cancelled,
            record_skipped,
        )
        from console.tui.dialogs.confirm_bulk_consume import ConfirmBulkConsume

        host = self._host
        worklist = self.worklist
        if worklist is None:
            return
        workspace = host.session.workspace
        desk = workspace.desk(environment)
        items = worklist.items
        outcomes = worklist.outcomes
        # Every chosen row through the guards (select-all over 10,000 rows): in a thread,
        # over the tuples read just now, so the screen keeps drawing meanwhile.
        plan = await asyncio.to_thread(
            plan_bulk, environment, items, outcomes, indices, workspace.write_ahead
        )
        if not plan.to_consume:
            # No dialog: every chosen row is refused by the worklist itself, on record so.
            await record_skipped(desk, plan, items, outcomes)
            host.report_history_failures()
            why = "; ".join(sorted({reason for _, reason in plan.skipped}))
            host.notify(f"None of the selected rows can be consumed: {why}.", markup=False)
            worklist.focus_table()
            return
        rows = [(index, items[index]) for index in plan.to_consume]
        self.gate.advance(ConsumeStage.CONFIRMING)
        confirmed = await host.ask(ConfirmBulkConsume(plan, items, desk.host))
        worklist.focus_table()
        if not confirmed or environment != host.session.environment:
            note = (
                "bulk consume cancelled at the confirmation"
                if not confirmed
                else "bulk consume: the environment changed before it was sent"
            )
            # Nothing was attempted on any chosen row: each on record once, cancelled.
            await record_bulk_cancelled(desk, plan, items, outcomes, note=note)
            host.report_history_failures()
            if not confirmed:
                host.notify("Cancelled: nothing was consumed (on record as cancelled).", timeout=4)
            else:
                host.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        # Confirmed: the rows it skips are refusals now, on record before the first consume.
        await record_skipped(desk, plan, items, outcomes)
        host.report_history_failures()
        worker = host.start_worker(
            partial(self._consume_bulk, environment, rows),
            name="worklist: bulk consume",
            group=CONSUME_GROUP,
        )
        self.gate.hold(worker, ConsumeStage.SENDING)

    async def _consume_bulk(
        self, environment: Environment, rows: list[tuple[int, WorklistItem]]
    ) -> None:
        from console.desk.worklist_consume import consume_rows

        host = self._host
        worklist = self.worklist
        if worklist is None:
            return
        desk = host.session.workspace.desk(environment)
        worklist.bulk_started(len(rows))
        count = len(rows)
        subject = f"{count} selected row{'s' if count != 1 else ''}, one at a time"
        # Each row: its verify, its consume, its proof; a stop takes effect between rows.
        sent = InFlightRequest(
            RequestKind.CONSUME, desk.host, subject, limit_s=3 * desk.deadline_s * count
        )
        self.consuming = True
        try:
            with host.in_flight(sent):
                progress = await consume_rows(
                    desk,
                    rows,
                    should_stop=lambda: worklist.stop_requested,
                    on_row=worklist.bulk_row_done,
                )
        finally:
            self.consuming = False
        worklist.bulk_finished(progress)
        severity: SeverityLevel = "information"
        if progress.unknown or progress.failed:
            severity = "warning"
        host.notify(f"Bulk consume: {progress.words()}", severity=severity, markup=False)
        host.report_history_failures()


def _now() -> datetime:
    return datetime.now().astimezone()
