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

from .tab_flow import WORKLIST_TAB
from .workers import CONSUME_GROUP, LOOKUP_GROUP

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from console.desk import ConsumePlan, ConsumeStatus, LookupOutcome
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
    def __init__(self, host: FlowHost) -> None:
        self._host = host
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
        await self._host.build_tab(WORKLIST_TAB)
        worklist = self.worklist
        assert worklist is not None, "building the tab makes it"
        worklist.load_text(text)
        worklist.show_file_notes(list(notes))
        worklist.focus_table()

    async def open(self) -> None:
        """ctrl+t: the worklist, with the table focused when it holds a list."""
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
            host.notify(
                f"This row was verified on {outcome.environment.name}; switch there (or "
                "verify the list again) to consume it.",
                severity="warning",
                markup=False,
            )
            return
        if host.consuming:
            host.notify("A consume is already in flight.", severity="warning")
            return
        host.start_worker(
            partial(self._check_then_confirm, host.session.environment, index, item),
            name="worklist: check then confirm",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _check_then_confirm(
        self, environment: Environment, index: int, item: WorklistItem
    ) -> None:
        """Verify afresh through the desk's guards, then the one consume dialog."""
        from console.desk.worklist_verdicts import ActKind, SessionAct
        from console.tui.dialogs.confirm_consume import ConfirmConsume

        host = self._host
        desk = host.session.workspace.desk(environment)
        query = desk.read_query(
            item.token, store=item.store, product_id=item.product_id, currency=item.currency
        )
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
        confirmed = await host.ask(ConfirmConsume(plan, environment, desk.host))
        worklist.focus_table()
        if not confirmed:
            host.notify("Cancelled: nothing was consumed.", timeout=4)
            return
        if environment != host.session.environment:
            host.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        host.start_worker(
            partial(self._consume, environment, plan, index),
            name="worklist: consume",
            group=CONSUME_GROUP,
        )

    async def _consume(self, environment: Environment, plan: ConsumePlan, index: int) -> None:
        from console.desk.worklist_consume import act_of

        host = self._host
        desk = host.session.workspace.desk(environment)
        self.consuming = True
        try:
            # Shielded: once sent, a consume runs to its outcome (recorded by the desk).
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
        if host.consuming:
            host.notify("A consume is already in flight.", severity="warning")
            return
        host.start_worker(
            partial(self._confirm_bulk, host.session.environment, indices),
            name="worklist: confirm bulk consume",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _confirm_bulk(self, environment: Environment, indices: list[int]) -> None:
        from console.desk.worklist_consume import plan_bulk
        from console.tui.dialogs.confirm_bulk_consume import ConfirmBulkConsume

        host = self._host
        worklist = self.worklist
        if worklist is None:
            return
        workspace = host.session.workspace
        desk = workspace.desk(environment)
        items = worklist.items
        plan = plan_bulk(environment, items, worklist.outcomes, indices, workspace.write_ahead)
        if not plan.to_consume:
            why = "; ".join(sorted({reason for _, reason in plan.skipped}))
            host.notify(f"None of the selected rows can be consumed: {why}.", markup=False)
            worklist.focus_table()
            return
        confirmed = await host.ask(ConfirmBulkConsume(plan, items, desk.host))
        worklist.focus_table()
        if not confirmed:
            host.notify("Cancelled: nothing was consumed.", timeout=4)
            return
        if environment != host.session.environment:
            host.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        rows = [(index, items[index]) for index in plan.to_consume]
        host.start_worker(
            partial(self._consume_bulk, environment, rows),
            name="worklist: bulk consume",
            group=CONSUME_GROUP,
        )

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
        self.consuming = True
        try:
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
