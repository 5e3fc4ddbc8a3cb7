"""`nowgg-console env check [NAME|--all]`: one environment diagnosed in one screen.

The steps (DNS, TCP, TLS, the verify path's spelling, the key) come from the desk
(desk/environment_check.py); this prints them, each with its verdict, its time and what it
found, and gives the exit code of the first failure as the README's table says: 1 when now.gg
refused the key (3900) or routes no verify path, 2 when there is no key to try, 3 when the
host cannot be reached or gives no usable answer.
"""

from __future__ import annotations

import argparse

from console.desk.environment_check import CheckStep, EnvironmentCheck, StepStatus
from console.outcome_category import OutcomeCategory
from console.text_safety import printable

from .common import open_workspace
from .exit_codes import ExitCode
from .output import Output
from .style import Style
from .targets import UsageError

_MARKS = {
    StepStatus.OK: ("ok", "good"),
    StepStatus.WARN: ("warn", "warn"),
    StepStatus.FAIL: ("FAIL", "bad"),
    StepStatus.SKIPPED: ("skip", "dim"),
}


async def run_check(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        if args.all:
            environments = list(workspace.environments)
        elif args.name:
            found = workspace.settings.find(args.name)
            if found is None:
                raise UsageError(f"no environment {args.name!r}; see `nowgg-console env list`")
            environments = [found]
        else:
            environments = [workspace.choose(None, None)]
        checks = [await workspace.check_environment(env) for env in environments]
    if args.json:
        body = [check_json(check) for check in checks]
        output.json({"checks": body} if args.all else body[0])
    else:
        lines: list[str] = []
        for check in checks:
            lines += [*render_check(check, output.style), ""]
        output.lines(lines[:-1])
    return next((exit_code(check) for check in checks if not check.ok), ExitCode.OK)


def exit_code(check: EnvironmentCheck) -> ExitCode:
    if check.ok:
        return ExitCode.OK
    if check.failure is OutcomeCategory.API:
        return ExitCode.API_ERROR
    if check.failure is OutcomeCategory.KEY:
        return ExitCode.USAGE
    return ExitCode.NETWORK


def render_check(check: EnvironmentCheck, style: Style) -> list[str]:
    environment = check.environment
    title = f"{printable(environment.name)} — {printable(check.base_url)}"
    lines = [style.paint(title, "bold")]
    width = max(len(step.name) for step in check.steps) if check.steps else 0
    for step in check.steps:
        word, tone = _MARKS[step.status]
        lines.append(
            f"  {style.paint(word.ljust(4), tone)}  {step.name.ljust(width)}  "
            f"{_elapsed(step)}  {printable(step.detail)}"
        )
    if check.ok:
        lines.append(style.paint("All steps passed.", "good"))
    else:
        failed = next(step for step in check.steps if step.status is StepStatus.FAIL)
        lines.append(style.paint(f"The {failed.name} step failed: see its line above.", "bad"))
    return lines


def _elapsed(step: CheckStep) -> str:
    return f"{step.elapsed_ms:7.0f} ms" if step.elapsed_ms is not None else " " * 10


def check_json(check: EnvironmentCheck) -> dict[str, object]:
    certificate = check.certificate
    return {
        "environment": check.environment.name,
        "baseUrl": check.base_url,
        "ok": check.ok,
        "failure": check.failure.value if check.failure is not None else None,
        "verifyPath": check.verify_spelling,
        "keyAccepted": check.key_accepted,
        "certificate": None
        if certificate is None
        else {
            "subject": certificate.subject,
            "issuer": certificate.issuer,
            "expires": certificate.expires.isoformat(),
            "daysLeft": certificate.days_left,
        },
        "steps": [
            {
                "name": step.name,
                "status": step.status.value,
                "detail": step.detail,
                "elapsedMs": round(step.elapsed_ms, 1) if step.elapsed_ms is not None else None,
            }
            for step in check.steps
        ],
    }
