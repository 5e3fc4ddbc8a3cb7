"""Settling consumes whose outcome is unknown (a timeout, a crash, a killed console), by
verifying them — which is always safe — and writing down what was found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from console.history import Action, HistoryEntry, HistoryUnavailable, Outcome
from console.settings.environments import ADHOC

from .workspace import Workspace, resolve_window


class Settled(StrEnum):
    CONSUMED = "consumed"
    NOT_CONSUMED = "not_consumed"
    STILL_UNKNOWN = "still_unknown"


@dataclass(frozen=True)
class Resolution:
    entry: HistoryEntry
    settled: Settled
    message: str


async def resolve_unknown_consumes(
    workspace: Workspace, *, min_age: timedelta | None = None
) -> list[Resolution]:
    """Verify every unresolved consume old enough (by default, older than any console waits
    for a reply) that no console still waits on it."""
    history = workspace.history
    if history is None:
        return []
    if min_age is None:
        min_age = resolve_window(workspace.timeouts)
    if min_age < timedelta(0):
        raise ValueError("the minimum age cannot be negative")
    results = []
    for entry in history.unresolved(older_than=min_age):
        results.append(await _resolve_one(workspace, entry))
    return results


async def _resolve_one(workspace: Workspace, entry: HistoryEntry) -> Resolution:
    environment = workspace.settings.find(entry.environment)
    if environment is None or entry.environment == ADHOC:
        return Resolution(
            entry,
            Settled.STILL_UNKNOWN,
            f"environment {entry.environment!r} ({entry.host}) is not configured here; verify "
            f"the token by hand there: nowgg-console verify {entry.token} --base-url URL",
        )
    desk = workspace.desk(environment)
    outcome = await desk.lookup(
        entry.token,
        store=entry.store or None,
        product_id=entry.product_id,
        currency=entry.currency,
        action=Action.RESOLVE,
        note=f"resolving history entry {entry.id}",
    )
    if outcome.decoded is None:
        reason = outcome.failure.reason if outcome.failure else "no answer"
        return Resolution(
            entry, Settled.STILL_UNKNOWN, f"verifying failed ({reason}); it stays unresolved"
        )
    when = outcome.at.isoformat(timespec="seconds")
    if outcome.decoded.is_consumed:
        settled, result = Settled.CONSUMED, Outcome.OK
        message = f"verified {when}: Consumed — the consume went through"
    else:
        settled, result = Settled.NOT_CONSUMED, Outcome.NETWORK_ERROR
        message = (
            f"verified {when}: {outcome.decoded.consumption} — the consume did not take "
            "effect; it is safe to consume again, once"
        )
    assert entry.id is not None and workspace.history is not None
    try:
        workspace.history.resolve(entry.id, outcome=result, resolution=message)
    except HistoryUnavailable as error:
        return Resolution(entry, Settled.STILL_UNKNOWN, f"{message}, but {error.reason}")
    return Resolution(entry, settled, message)
