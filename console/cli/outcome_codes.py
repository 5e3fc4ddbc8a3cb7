"""From an outcome to the exit code a script sees (see exit_codes.py)."""

from __future__ import annotations

from console.desk import ConsumeOutcome, ConsumeStatus, Failure

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
    if outcome.status is ConsumeStatus.FAILED:
        # No failure means the desk refused to send (the history could not be written first).
        if outcome.failure is None:
            return ExitCode.REFUSED
        return exit_code_for_failure(outcome.failure)
    return ExitCode.NETWORK
