"""From an outcome to the exit code a script sees (see exit_codes.py)."""

from __future__ import annotations

from console.desk import Failure, RefusalReason, WriteOutcome, WriteStatus

from .exit_codes import ExitCode


def exit_code_for_failure(failure: Failure) -> ExitCode:
    if failure.category == "api":
        return ExitCode.API_ERROR
    if failure.category in ("input", "key"):
        return ExitCode.USAGE
    return ExitCode.NETWORK


def exit_code_for_write(outcome: WriteOutcome) -> ExitCode:
    """A consume's or an acknowledge's exit code: one rule for both."""
    if outcome.done:
        return ExitCode.OK
    if outcome.status is WriteStatus.REFUSED:
        refusal = outcome.refusal
        if refusal is not None and refusal.reason is RefusalReason.HISTORY_UNAVAILABLE:
            return ExitCode.UNAVAILABLE  # the history must be fixed first: one code for it
        return ExitCode.REFUSED
    if outcome.status is WriteStatus.FAILED and outcome.failure is not None:
        return exit_code_for_failure(outcome.failure)
    # Not consumed after an unknown outcome, still unknown, or success contradicted by the
    # proof: the write's outcome is (or was) unknown.
    return ExitCode.NETWORK


exit_code_for_consume = exit_code_for_write
"""The worklist's rows are consumes (worklist_command.py)."""
