"""One consume at a time, from the request to its outcome on screen — and, with a gate of
its own, one acknowledge at a time (acknowledge_flow.py).

A consume is checked (verified again), confirmed, then sent; while any of that is under way a
second request for it — a double key press, the palette and the binding in one frame, the
form's button — is refused at once with a short notice, never a second dialog. The gate is
tied to the worker doing the current stage: a worker cancelled (Escape during the check) or
ended without going on opens it by itself, even one cancelled before it ever ran.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.worker import Worker


class ConsumeStage(StrEnum):
    CHECKING = "being checked (verified again)"
    CONFIRMING = "waiting for your confirmation"
    SENDING = "being sent"


class ConsumeGate:
    def __init__(self, operation: str = "consume") -> None:
        """`operation`: what the gate holds, as the notice names it ("consume", "acknowledge")."""
        self._operation = operation
        self._stage: ConsumeStage | None = None
        self._worker: Worker[None] | None = None

    @property
    def stage(self) -> ConsumeStage | None:
        """What the consume under way is doing; None when there is none."""
        if self._worker is not None and self._worker.is_finished:
            self._stage = self._worker = None
        return self._stage

    def hold(self, worker: Worker[None], stage: ConsumeStage) -> None:
        """`worker` now carries the consume, at `stage`; the gate stays shut while it runs."""
        self._worker = worker
        self._stage = stage

    def advance(self, stage: ConsumeStage) -> None:
        if self._stage is not None:
            self._stage = stage

    def refusal(self) -> str | None:
        """The notice for a second request, or None when one may start."""
        stage = self.stage
        if stage is None:
            return None
        article = "An" if self._operation[:1] in "aeiou" else "A"
        return (
            f"{article} {self._operation} is already {stage.value}: "
            "this second request was ignored."
        )
