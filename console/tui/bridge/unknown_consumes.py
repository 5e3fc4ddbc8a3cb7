"""Consumes of unknown outcome, as the console counts and resolves them.

Becomes, once core9's API is in this tree:

- `count_unknown_consumes(workspace, name)` → `await workspace.count_unknown_consumes(name)`;
- `resolve_consumes(workspace, ids, now=…)` → `await workspace.resolve_consumes(ids, now=…)`,
  and `Resolution` / `ResolveReport` here → the desk's (`console.desk.resolving`), whose
  names and fields these copy (core9 adds `proof` to `Resolution` and `entry_ids`/`at_once`
  to `resolve_unknown_consumes`).

Until then both are made of the history's own pieces and the desk's verify, with the rules of
`history resolve` (desk/resolving.py): an entry a live process holds is never touched, one whose
request may still be running waits for its deadline unless `now`, and the verify is recorded as
a resolve of that entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from console.desk import LookupOutcome
from console.desk.deadline import request_deadline, resolve_window
from console.desk.resolving import Settled, Waiting
from console.desk.workspace import Workspace
from console.history import Action, HistoryEntry, HistoryStore, HistoryUnavailable, Outcome
from console.history.in_flight import Claim, Liveness
from console.settings.environments import ADHOC

__all__ = [
    "Resolution",
    "ResolveReport",
    "Settled",
    "Waiting",
    "count_unknown_consumes",
    "resolve_consumes",
]


@dataclass(frozen=True)
class Resolution:
    entry: HistoryEntry
    """The consume, as it was before this resolve."""
    settled: Settled
    message: str
    proof: LookupOutcome | None = None
    """The verify made to settle it; None when it could not be made (no such environment)."""


@dataclass(frozen=True)
class ResolveReport:
    resolutions: list[Resolution] = field(default_factory=list)
    in_flight: list[Waiting] = field(default_factory=list)
    """Held by a live process: its consume may still be running."""
    too_recent: list[Waiting] = field(default_factory=list)
    """Its request's deadline has not passed yet: `now` would resolve it."""

    @property
    def empty(self) -> bool:
        return not (self.resolutions or self.in_flight or self.too_recent)


async def count_unknown_consumes(workspace: Workspace, environment_name: str) -> int:
    """Consumes on record for `environment_name` whose outcome is unknown and unresolved
    (in a thread). Raises `HistoryUnavailable`."""
    entries = await workspace.unresolved_consumes()
    return sum(1 for entry in entries if entry.environment == environment_name)


async def resolve_consumes(
    workspace: Workspace, entry_ids: Sequence[int] | None, *, now: bool
) -> ResolveReport:
    """Verify each unresolved consume of `entry_ids` (None: every one), record what is found
    on its own row, and return it with the proof. Raises `HistoryUnavailable`."""
    history = await workspace.open_history()
    if history is None:
        raise workspace.history_problem or HistoryUnavailable(
            "the history is not open", "restart the console"
        )
    unresolved = await asyncio.to_thread(history.unresolved)
    wanted = None if entry_ids is None else set(entry_ids)
    chosen = [entry for entry in unresolved if wanted is None or entry.id in wanted]
    fallback = _longest_deadline(workspace)
    report = ResolveReport()
    for entry in chosen:
        claim = await asyncio.to_thread(history.claim, entry)
        try:
            if claim.liveness is Liveness.HELD:
                report.in_flight.append(Waiting(entry, None))
                continue
            until = entry.at + resolve_window(entry.deadline_s or fallback)
            if not now and datetime.now(UTC) < until:
                report.too_recent.append(Waiting(entry, until))
                continue
            report.resolutions.append(await _resolve_one(workspace, history, entry, claim))
        finally:
            await asyncio.to_thread(claim.release)
    return report


def _longest_deadline(workspace: Workspace) -> float:
    """For entries that did not record their request's deadline (older versions)."""
    deadlines = [request_deadline(workspace.timeouts)]
    for environment in workspace.environments:
        if environment.timeout_s:
            timeouts = replace(workspace.timeouts, read=environment.timeout_s)
            deadlines.append(request_deadline(timeouts))
    return max(deadlines)


async def _resolve_one(
    workspace: Workspace, history: HistoryStore, entry: HistoryEntry, claim: Claim
) -> Resolution:
    environment = workspace.settings.find(entry.environment)
    if entry.environment == ADHOC or environment is None:
        where = (
            f"it was made with --base-url on {entry.host}: settle it with `nowgg-console "
            "history resolve --base-url URL` for that host"
            if entry.environment == ADHOC
            else f"environment {entry.environment!r} ({entry.host}) is not configured here"
        )
        return Resolution(entry, Settled.STILL_UNKNOWN, where, None)
    desk = workspace.desk(environment)
    query = desk.read_query(
        entry.token, store=entry.store, product_id=entry.product_id, currency=entry.currency
    )
    proof = await desk.lookup(
        query, action=Action.RESOLVE, note=f"resolving history entry {entry.id}"
    )
    if proof.decoded is None:
        reason = proof.failure.reason if proof.failure else "no answer"
        message = f"verifying failed ({reason}); it stays unresolved"
        return Resolution(entry, Settled.STILL_UNKNOWN, message, proof)
    when = proof.at.isoformat(timespec="seconds")
    if proof.decoded.is_consumed:
        settled, result = Settled.CONSUMED, Outcome.OK
        message = f"verified {when}: Consumed — the consume went through"
    else:
        settled, result = Settled.NOT_CONSUMED, Outcome.NETWORK_ERROR
        message = (
            f"verified {when}: {proof.decoded.consumption} — the consume did not take effect; "
            "it is safe to consume again, once"
        )
    if claim.liveness is Liveness.UNTRACKED and entry.owner_host:
        message += f" (its process ran on {entry.owner_host}; settled after its deadline)"
    assert entry.id is not None, "entries read from the history have ids"
    entry_id = entry.id
    try:
        written = await asyncio.to_thread(
            lambda: history.resolve(entry_id, outcome=result, resolution=message)
        )
    except HistoryUnavailable as error:
        return Resolution(entry, Settled.STILL_UNKNOWN, f"{message}, but {error.reason}", proof)
    if not written:
        settled_meanwhile = "its consume's own outcome was recorded meanwhile; that stands"
        return Resolution(entry, Settled.ALREADY_SETTLED, settled_meanwhile, proof)
    return Resolution(entry, settled, message, proof)
