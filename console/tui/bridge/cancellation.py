"""A consume cancelled at the confirmation, put on record: the decision belongs in a ticket as
much as a refusal does ("the agent looked at it and chose not to").

Becomes `await desk.record_cancelled(plan, note=note)` once core9's API is in this tree. Until
then it is the entry the desk writes for a refusal (desk/recording.py), with the cancellation
as its reason, written through the session's one history writer.
"""

from __future__ import annotations

from console.desk import ConsumePlan, Desk
from console.desk.recording import consume_entry
from console.desk.workspace import Workspace
from console.history import Outcome

CANCELLED_REASON = "cancelled at the confirmation: nothing was sent"


async def record_cancelled(
    workspace: Workspace, desk: Desk, plan: ConsumePlan, *, note: str | None = None
) -> None:
    """Record that the operator cancelled `plan` at the confirmation. Raises
    `HistoryUnavailable` when the history is off (nothing was sent either way)."""
    recorder = workspace.recorder
    entry = consume_entry(
        plan,
        operator=recorder.operator if recorder is not None else "",
        environment=desk.environment.name,
        host=desk.host,
        note=note,
        outcome=Outcome.REFUSED,
        reason=CANCELLED_REASON,
    )
    await workspace.record_history(entry)
