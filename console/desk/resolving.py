"""Settling consumes whose outcome is unknown (a timeout, a crash, a killed console), by
verifying them — which is always safe — and writing down what was found.

Never while the consume may still be running: an entry whose process is alive (it holds the
entry's lock, in_flight.py) is left alone whatever its age, and any other waits until its
request's total deadline has passed (deadline.py). What is left alone is said, with when it
becomes resolvable, so an operator is never told "safe to consume again" too early.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from console.history import Action, HistoryEntry, HistoryStore, HistoryUnavailable, Settlement
from console.history.in_flight import Claim, Liveness
from console.settings.environments import ADHOC, Environment, adhoc_environment

from .deadline import request_deadline, resolve_window
from .outcomes import LookupOutcome
from .recording import lookup_entry
from .workspace import Workspace


class Settled(StrEnum):
    CONSUMED = "consumed"
    NOT_CONSUMED = "not_consumed"
    STILL_UNKNOWN = "still_unknown"
    ALREADY_SETTLED = "already_settled"
    """Its consume's own reply was recorded while resolve was verifying: that stands."""


@dataclass(frozen=True)
class Resolution:
    entry: HistoryEntry
    """The consume, as it was before this resolve."""
    settled: Settled
    message: str
    proof: LookupOutcome | None = None
    """The verify made to settle it (its decoded purchase shows the proof)."""
    proof_entry: int | None = None
    """That verify's history entry, linked to the consume's (None when not written)."""


@dataclass(frozen=True)
class Waiting:
    """An entry left alone this time, and until when."""

    entry: HistoryEntry
    until: datetime | None
    """When it becomes resolvable; None while a live process holds it."""


@dataclass(frozen=True)
class ResolveReport:
    resolutions: list[Resolution] = field(default_factory=list)
    in_flight: list[Waiting] = field(default_factory=list)
    """Held by a live process: its consume may still be running."""
    too_recent: list[Waiting] = field(default_factory=list)
    """Its request's deadline has not passed yet."""
    acknowledges: list[Resolution] = field(default_factory=list)
    """Acknowledges of unknown outcome: verifying cannot settle them (acknowledge_resolving)."""

    @property
    def empty(self) -> bool:
        return not (self.resolutions or self.in_flight or self.too_recent or self.acknowledges)

    @property
    def waiting(self) -> int:
        """Consumes of unknown outcome left unresolved: still in flight, inside their grace
        window, or not settled by verifying."""
        unsettled = sum(1 for r in self.resolutions if r.settled is Settled.STILL_UNKNOWN)
        return len(self.in_flight) + len(self.too_recent) + unsettled

    @property
    def first_resolvable(self) -> datetime | None:
        """When the earliest consume inside its grace window becomes resolvable."""
        times = [waiting.until for waiting in self.too_recent if waiting.until is not None]
        return min(times) if times else None


async def resolve_unknown_consumes(
    workspace: Workspace,
    *,
    min_age: timedelta | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
    entry_ids: Sequence[int] | None = None,
    at_once: bool = False,
) -> ResolveReport:
    """Verify every unresolved consume no live process holds and whose request cannot still be
    running (`min_age`, when given, replaces the deadline-derived wait; the locks stay).

    `at_once` resolves those still inside their grace window too (`--now`); a consume whose
    process still runs is never touched, whatever is asked. `entry_ids` limits it to those
    entries. `base_url` settles entries made with `--base-url` on that host (key from
    NOWGG_CONSOLE_API_KEY), which no configured environment can reach.
    """
    if min_age is not None and min_age < timedelta(0):
        raise ValueError("the minimum age cannot be negative")
    if at_once:
        min_age = timedelta(0)
    report = ResolveReport()
    history = await workspace.open_history()
    if history is None:
        return report
    adhoc = adhoc_environment(base_url) if base_url else None
    fallback = _longest_deadline(workspace)
    wanted = None if entry_ids is None else list(entry_ids)
    # The history's reads and writes and the lock files, each in a thread (no I/O on the
    # event loop: the console resolves from its history pane, as the command line does).
    entries = await asyncio.to_thread(lambda: history.unresolved(ids=wanted))
    for entry in entries:
        claim = await asyncio.to_thread(history.claim, entry)
        try:
            if claim.liveness is Liveness.HELD:
                report.in_flight.append(Waiting(entry, None))
                continue
            window = (
                min_age if min_age is not None else resolve_window(entry.deadline_s or fallback)
            )
            until = entry.at + window
            if (now or datetime.now(UTC)) < until:
                report.too_recent.append(Waiting(entry, until))
                continue
            report.resolutions.append(await _resolve_one(workspace, history, entry, adhoc, claim))
        finally:
            await asyncio.to_thread(claim.release)
    from .acknowledge_resolving import unknown_acknowledges  # only what resolve must say

    report.acknowledges.extend(await unknown_acknowledges(history))
    return report


def _longest_deadline(workspace: Workspace) -> float:
    """For entries of older versions, which did not record their request's deadline: the
    longest any environment here would have waited."""
    deadlines = [request_deadline(workspace.timeouts)]
    for environment in workspace.environments:
        if environment.timeout_s:
            deadlines.append(
                request_deadline(replace(workspace.timeouts, read=environment.timeout_s))
            )
    return max(deadlines)


def _environment_for(
    workspace: Workspace, entry: HistoryEntry, adhoc: Environment | None
) -> Environment | str:
    """Where to verify `entry`, or why it cannot be verified here."""
    if entry.environment == ADHOC:
        if adhoc is not None and adhoc.host == entry.host:
            return adhoc
        return (
            f"it was made with --base-url on {entry.host}: settle it with `nowgg-console "
            f"history resolve --base-url URL` for that host (the key from "
            "NOWGG_CONSOLE_API_KEY)"
        )
    environment = workspace.settings.find(entry.environment)
    if environment is None:
        return (
            f"environment {entry.environment!r} ({entry.host}) is not configured here; verify "
            f"the token there by hand: nowgg-console verify {entry.token} --base-url URL"
        )
    return environment


async def _resolve_one(
    workspace: Workspace,
    history: HistoryStore,
    entry: HistoryEntry,
    adhoc: Environment | None,
    claim: Claim,
) -> Resolution:
    environment = _environment_for(workspace, entry, adhoc)
    if isinstance(environment, str):
        return Resolution(entry, Settled.STILL_UNKNOWN, environment)
    desk = workspace.desk(environment)
    query = desk.read_query(
        entry.token, store=entry.store, product_id=entry.product_id, currency=entry.currency
    )
    note = f"resolving history entry {entry.id}"
    outcome = await desk.lookup(query, action=Action.RESOLVE, note=note, record=False)
    assert entry.id is not None
    entry_id = entry.id
    proof = lookup_entry(outcome, Action.RESOLVE, note, operator=workspace.operator)
    if outcome.decoded is None:
        reason = outcome.failure.reason if outcome.failure else "no answer"
        message = f"verifying failed ({reason}); it stays unresolved"
        proof_id = await _record_attempt(history, entry_id, proof, message)
        return Resolution(entry, Settled.STILL_UNKNOWN, message, outcome, proof_id)
    when = outcome.at.isoformat(timespec="seconds")
    if outcome.decoded.is_consumed:
        settled, settlement = Settled.CONSUMED, Settlement.CONSUMED
        message = f"verified {when}: Consumed — the consume went through"
    else:
        settled, settlement = Settled.NOT_CONSUMED, Settlement.NOT_CONSUMED
        message = (
            f"verified {when}: {outcome.decoded.consumption} — the consume did not take "
            "effect; it is safe to consume again, once"
        )
    if claim.liveness is Liveness.UNTRACKED and entry.owner_host:
        message += f" (its process ran on {entry.owner_host}; settled after its deadline)"
    try:
        proof_id, written = await asyncio.to_thread(
            lambda: history.settle(entry_id, proof, settlement=settlement, resolution=message)
        )
    except HistoryUnavailable as error:
        return Resolution(entry, Settled.STILL_UNKNOWN, f"{message}, but {error.reason}", outcome)
    if not written:
        return Resolution(
            entry,
            Settled.ALREADY_SETTLED,
            "its consume's own outcome was recorded meanwhile; that stands",
            outcome,
            proof_id,
        )
    return Resolution(entry, settled, message, outcome, proof_id)


async def _record_attempt(
    history: HistoryStore, entry_id: int, proof: HistoryEntry, message: str
) -> int | None:
    """A verify that could not settle the consume is on record too, linked to it."""
    try:
        proof_id, _ = await asyncio.to_thread(
            lambda: history.settle(entry_id, proof, settlement=None, resolution=message)
        )
    except HistoryUnavailable:
        return None
    return proof_id
