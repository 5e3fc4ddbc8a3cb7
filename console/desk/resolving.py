"""Settling consumes whose outcome is unknown (a timeout, a crash, a killed console), by
verifying them — which is always safe — and writing down what was found.

Never while the consume may still be running: an entry whose process is alive (it holds the
entry's lock, in_flight.py) is left alone whatever its age, and any other waits until its
request's total deadline has passed (deadline.py). What is left alone is said, with when it
becomes resolvable, so an operator is never told "safe to consume again" too early.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from console.history import Action, HistoryEntry, HistoryStore, HistoryUnavailable, Outcome
from console.history.in_flight import Claim, Liveness
from console.settings.environments import ADHOC, Environment, adhoc_environment

from .deadline import request_deadline, resolve_window
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
    settled: Settled
    message: str


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


async def resolve_unknown_consumes(
    workspace: Workspace,
    *,
    min_age: timedelta | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
) -> ResolveReport:
    """Verify every unresolved consume no live process holds and whose request cannot still be
    running (`min_age`, when given, replaces the deadline-derived wait; the locks stay).

    `base_url` settles entries made with `--base-url` on that host (key from
    NOWGG_CONSOLE_API_KEY), which no configured environment can reach.
    """
    if min_age is not None and min_age < timedelta(0):
        raise ValueError("the minimum age cannot be negative")
    report = ResolveReport()
    history = await workspace.open_history()
    if history is None:
        return report
    adhoc = adhoc_environment(base_url) if base_url else None
    fallback = _longest_deadline(workspace)
    # The history's reads and writes and the lock files, each in a thread (no I/O on the
    # event loop: the console may resolve one day, as the command line does now).
    for entry in await asyncio.to_thread(history.unresolved):
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
    outcome = await desk.lookup(
        query, action=Action.RESOLVE, note=f"resolving history entry {entry.id}"
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
    if claim.liveness is Liveness.UNTRACKED and entry.owner_host:
        message += f" (its process ran on {entry.owner_host}; settled after its deadline)"
    assert entry.id is not None
    entry_id = entry.id
    try:
        written = await asyncio.to_thread(
            lambda: history.resolve(entry_id, outcome=result, resolution=message)
        )
    except HistoryUnavailable as error:
        return Resolution(entry, Settled.STILL_UNKNOWN, f"{message}, but {error.reason}")
    if not written:
        return Resolution(
            entry,
            Settled.ALREADY_SETTLED,
            "its consume's own outcome was recorded meanwhile; that stands",
        )
    return Resolution(entry, settled, message)
