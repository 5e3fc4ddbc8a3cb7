"""Whether a consume *would* be allowed for a purchase already on screen, without a request.

A front end shows its consume form enabled or disabled, with the reason, right after a lookup.
Calling `Desk.check_consume` for that would verify a second time and write a refusal to the
history for a consume nobody attempted. This walks the very same guards, in the same order
(guards.py), over the lookup in hand instead; the consume itself still goes through
`check_consume`, which verifies afresh, because the purchase may have changed since.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.payments import InputRejected, Store, parse_store
from console.settings.environments import Environment

from .guards import ConsumeFacts, judge
from .outcomes import LookupOutcome, Refusal
from .write_ahead import WriteAhead


@dataclass(frozen=True)
class ConsumePreview:
    refusal: Refusal | None
    """Why the consume would be refused; None when it may go ahead (perhaps forced)."""
    overridden: Refusal | None = None
    """The state guard `force` would override, so the form can say so."""

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def preview_consume(
    environment: Environment,
    lookup: LookupOutcome | None,
    *,
    store: str | None = None,
    force: bool = False,
    write_ahead: WriteAhead | None = None,
) -> ConsumePreview:
    """The guards of `Desk.check_consume`, in its order, on `lookup` and the form's store;
    with `write_ahead`, also a history known to be unusable (no I/O: the check that takes
    the history's lock is `check_consume`'s)."""
    chosen: Store | InputRejected
    try:
        chosen = parse_store(store) if store else environment.default_store
    except InputRejected as error:
        chosen = error
    facts = ConsumeFacts(
        environment,
        chosen,
        history=write_ahead.known_problem if write_ahead is not None else None,
        purchase=lookup,
        verified_afresh=False,
    )
    verdict = judge(facts, force=force)
    return ConsumePreview(verdict.refusal, verdict.overridden)
