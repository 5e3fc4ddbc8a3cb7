"""From an outcome to the exit code a script sees (see exit_codes.py)."""

from __future__ import annotations

from console.desk import ConsumeOutcome, ConsumeStatus, Failure, RefusalReason

from .exit_codes import ExitCode


def exit_code_for_failure(failure: Failure) -> ExitCode:
    if failure.category == "api":
        return ExitCode.API_ERROR
    if failure.category in ("input", "key"):
        return ExitCode.USAGE
    return ExitCode.NETWORK


def exit_code_for_consume(outcome: ConsumeOutcome) -> ExitCode:
    if outcome.status is ConsumeStatus.CONSUMED:
        return ExitCode.OK
    if outcome.status is ConsumeStatus.REFUSED:
        refusal = outcome.refusal
        if refusal is not None and refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
            return ExitCode.UNAVAILABLE  # the history must be fixed first: one code for it
        return ExitCode.REFUSED
    if outcome.status is ConsumeStatus.FAILED and outcome.failure is not None:
        return exit_code_for_failure(outcome.failure)
    # Not consumed after an unknown outcome, still unknown, or success contradicted by the
    # proof: the consume's outcome is (or was) unknown.
    return ExitCode.NETWORK
