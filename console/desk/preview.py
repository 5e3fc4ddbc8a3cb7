"""Whether a consume *would* be allowed for a purchase already on screen, without a request.

A front end shows its consume form enabled or disabled, with the reason, right after a lookup.
Calling `Desk.check_consume` for that would verify a second time and write a refusal to the
history for a consume nobody attempted. This applies the very same guards (guards.py) to the
lookup in hand instead; the consume itself still goes through `check_consume`, which verifies
afresh, because the purchase may have changed since it was looked up.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.payments.errors import PaymentsError
from console.payments.stores import parse_store
from console.settings.environments import Environment

from .guards import environment_guard, state_guard, store_guard
from .outcomes import LookupOutcome, Refusal, RefusalReason
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
    refusal = environment_guard(environment)
    if refusal is not None:
        return ConsumePreview(refusal)
    try:
        chosen = parse_store(store) if store else environment.default_store
    except PaymentsError as error:
        return ConsumePreview(Refusal(RefusalReason.INVALID_INPUT, error.reason, forceable=False))
    refusal = store_guard(chosen)
    if refusal is not None:
        return ConsumePreview(refusal)
    problem = write_ahead.known_problem if write_ahead is not None else None
    if problem is not None:
        return ConsumePreview(problem.refusal("consume"))
    if lookup is None or lookup.decoded is None:
        return ConsumePreview(
            Refusal(
                RefusalReason.LOOKUP_FAILED,
                "look the purchase up first: only a verified purchase can be consumed",
                forceable=False,
            )
        )
    refusal = state_guard(lookup.decoded)
    if refusal is not None and force and refusal.forceable:
        return ConsumePreview(None, overridden=refusal)
    return ConsumePreview(refusal)
