"""Turning every kind of error into a `Failure` that carries its explanation."""

from __future__ import annotations

from console.payments import ApiError, Explanation, PaymentsError, Severity
from console.settings.keys import KeyUnavailable

from .outcomes import Failure


def failure_from_error(error: PaymentsError, *, consume: bool = False) -> Failure:
    """`consume` picks the stricter explanation: after a consume, verify before anything."""
    # The catalog loads with the first failure: a lookup that succeeds never needs it.
    from console.payments import explain_failure

    return Failure(
        kind=error.kind,
        category=error.category.value,
        reason=error.reason,
        explanation=explain_failure(error, consume=consume),
        api_code=error.code if isinstance(error, ApiError) else None,
        outcome_unknown=error.outcome_unknown,
        request_sent=error.may_have_reached_server,
    )


def failure_from_key_problem(problem: KeyUnavailable) -> Failure:
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
        category="key",
        reason=problem.reason,
        explanation=explanation,
        request_sent=False,
    )
