"""Turning every kind of error into a `Failure` that carries its explanation."""

from __future__ import annotations

from console.outcome_category import OutcomeCategory
from console.payments import ApiError, Explanation, PaymentsError, Severity
from console.settings.keys import KeyUnavailable

from .outcomes import Failure


def failure_from_error(error: PaymentsError, *, consume: bool = False) -> Failure:
    """The failure of a verify, or with `consume` of a consume: its words follow the
    operation (a failed verify leaves nothing in doubt; a consume may, and says so)."""
    # The catalog loads with the first failure: a lookup that succeeds never needs it.
    from console.payments import explain_failure

    return Failure(
        kind=error.kind,
        category=OutcomeCategory(error.category),
        reason=error.reason,
        explanation=explain_failure(error, consume=consume),
        api_code=error.code if isinstance(error, ApiError) else None,
        outcome_unknown=consume and error.outcome_unknown,
        request_sent=error.may_have_reached_server,
        operation="consume" if consume else "verify",
        received=error.received,
    )


def failure_from_key_problem(problem: KeyUnavailable, *, consume: bool = False) -> Failure:
    explanation = Explanation(
        code=None,
        source=None,
        name="No usable API key",
        meaning=problem.reason,
        causes=(
            "the environment's key was never stored on this machine",
            "the environment variable holding it is not set in this shell",
        ),
        next_steps=problem.ways_out,
        retry_safe=True,
        severity=Severity.WARNING,
    )
    return Failure(
        kind="missing_key",
        category=OutcomeCategory.KEY,
        reason=problem.reason,
        explanation=explanation,
        request_sent=False,
        operation="consume" if consume else "verify",
    )
