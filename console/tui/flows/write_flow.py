"""One write on screen — a consume or an acknowledge, the operation a parameter (the desk's
`WriteOperation`, as console/desk/writing.py takes it): verify afresh through the desk's
guards, say a refusal, ask (the dialog opens on Cancel), put a declined write on record, then
send it in a worker that runs to its outcome — never cancelled, never retried by itself.

One at a time per operation (consume_gate.py): from the request to its outcome on screen a
second request is ignored with a notice, never a second dialog; the verify before the write
and the write itself are said in flight (which, where, and what Escape does).

What differs is each flow's (consume_flow.py, acknowledge_flow.py): how its request is
checked, what it shows of a refusal and of the outcome, and which dialog asks.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable
from functools import cached_property, partial
from typing import TYPE_CHECKING, Final, Generic, TypeVar

from console.tui.in_flight import InFlightRequest, RequestKind

from .consume_gate import ConsumeGate, ConsumeStage
from .workers import CONSUME_GROUP, LOOKUP_GROUP

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from console.desk import Desk, WriteOperation, WriteOutcome, WritePlan
    from console.settings.environments import Environment

    from .host import FlowHost

Request = TypeVar("Request")
"""What the operator asked for, as the flow's form gives it (a consume form's request, a
verified purchase's query)."""

_KINDS: Final = {
    "consume": (RequestKind.CHECK_BEFORE_CONSUME, RequestKind.CONSUME),
    "acknowledge": (RequestKind.CHECK_BEFORE_ACKNOWLEDGE, RequestKind.ACKNOWLEDGE),
}
"""The operation's name → what is in flight while it is checked, and once it is sent."""


def _sent(desk: Desk, plan: WritePlan) -> Awaitable[WriteOutcome]:
    """The desk's send of the plan's operation: written ahead, sent once, completed."""
    if plan.operation.name == "consume":
        return desk.consume(plan)
    return desk.acknowledge(plan)


def _sent_limit_s(desk: Desk, operation: WriteOperation) -> float:
    """At most how long a sent write's outcome can take: its request's deadline, and for a
    write proven by verifying (a consume) the verify after it."""
    from console.desk.write_operation import Proof

    return desk.deadline_s * (2 if operation.proof is Proof.VERIFY else 1)


class WriteFlow(ABC, Generic[Request]):
    def __init__(self, host: FlowHost, operation: str) -> None:
        """`operation`: the desk's `WriteOperation` by name (`consume`, `acknowledge`), loaded
        with the first write: the screen makes its flows as it mounts, before any desk."""
        self._host = host
        self._operation_name = operation
        self.sending = False
        """A write was sent and its outcome is not shown yet: nothing may switch away."""
        self.gate = ConsumeGate(operation)

    @cached_property
    def operation(self) -> WriteOperation:
        from console.desk import ACKNOWLEDGE, CONSUME

        return {CONSUME.name: CONSUME, ACKNOWLEDGE.name: ACKNOWLEDGE}[self._operation_name]

    # -- what each operation does its own way ----------------------------------------------

    @abstractmethod
    def _token(self, request: Request) -> str:
        """The token the request is about (shown masked while in flight)."""

    @abstractmethod
    async def _check(self, desk: Desk, request: Request) -> WritePlan:
        """The desk's check of this operation: every guard, the verify first."""

    @abstractmethod
    def _show_refused(self, plan: WritePlan) -> None:
        """What the form shows of a plan the guards refused (the notice is said here)."""

    @abstractmethod
    def _dialog(self, plan: WritePlan, environment: Environment, host: str) -> ModalScreen[bool]:
        """The confirmation, opening on Cancel."""

    @abstractmethod
    def _set_busy(self, busy: bool) -> None:
        """The form while the write is out."""

    @abstractmethod
    def _show_outcome(
        self, environment: Environment, plan: WritePlan, outcome: WriteOutcome
    ) -> None:
        """The outcome on screen, once the write ran to it."""

    # -- the one sequence ------------------------------------------------------------------

    def _start(self, environment: Environment, request: Request) -> None:
        """Check, then confirm, in a worker the gate holds (Escape cancels it: nothing has
        been sent but a verify)."""
        worker = self._host.start_worker(
            partial(self._check_then_confirm, environment, request),
            name=f"check then confirm {self.operation.name}",
            group=LOOKUP_GROUP,
            exclusive=True,
        )
        self.gate.hold(worker, ConsumeStage.CHECKING)

    async def _check_then_confirm(self, environment: Environment, request: Request) -> None:
        from console.payments import mask_token

        host = self._host
        operation = self.operation
        session = host.session
        desk = session.workspace.desk(environment)
        host.notify(f"Verifying again before {operation.doing}…", timeout=2)
        checking_kind, _ = _KINDS[self._operation_name]
        checking = InFlightRequest(checking_kind, desk.host, mask_token(self._token(request)))
        with host.in_flight(checking):
            plan = await self._check(desk, request)
        host.report_history_failures()
        if environment != session.environment:
            return
        if not plan.allowed:
            self._show_refused(plan)
            if plan.refusal is not None:
                host.notify(
                    plan.refusal.message,
                    title=f"{operation.title} refused",
                    severity="error",
                    markup=False,
                )
            return
        # The "verifying again" toast would otherwise sit over the dialog's details.
        host.clear_notifications()
        self.gate.advance(ConsumeStage.CONFIRMING)
        confirmed = await host.ask(self._dialog(plan, environment, desk.host))
        if not confirmed:
            await self._record_cancelled(desk, plan, "cancelled at the confirmation")
            host.notify(
                f"Cancelled: nothing was {operation.done} (on record as cancelled).", timeout=4
            )
            return
        if environment != session.environment:
            await self._record_cancelled(desk, plan, "the environment changed before it was sent")
            host.notify(
                f"The environment changed: nothing was {operation.done}.", severity="warning"
            )
            return
        worker = host.start_worker(
            partial(self._send_to_outcome, environment, plan),
            name=operation.name,
            group=CONSUME_GROUP,
        )
        self.gate.hold(worker, ConsumeStage.SENDING)

    async def _record_cancelled(self, desk: Desk, plan: WritePlan, note: str) -> None:
        """On record through the desk (a write that failed is said as any other: nothing
        was sent either way)."""
        await desk.record_cancelled(plan, note=note)
        self._host.report_history_failures()

    async def _send_to_outcome(self, environment: Environment, plan: WritePlan) -> None:
        from console.payments import mask_token

        host = self._host
        self.sending = True
        self._set_busy(True)
        desk = host.session.workspace.desk(environment)
        token = mask_token(plan.query.token) if plan.query is not None else "the purchase"
        _, sent_kind = _KINDS[self._operation_name]
        limit_s = _sent_limit_s(desk, self.operation)
        sent = InFlightRequest(sent_kind, desk.host, token, limit_s=limit_s)
        try:
            # Shielded: once sent, the write runs to its outcome (recorded by the desk) even
            # if this worker is torn down; Escape never reaches this group.
            with host.in_flight(sent):
                outcome = await asyncio.shield(_sent(desk, plan))
        finally:
            self.sending = False
            self._set_busy(False)
        self._show_outcome(environment, plan, outcome)
        host.report_history_failures()
