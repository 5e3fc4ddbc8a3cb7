"""`nowgg-console explain [CODE]`: what an error code means, offline."""

from __future__ import annotations

import argparse

from console.payments import (
    Explanation,
    client_codes,
    explain_code,
    nearest_codes,
    server_codes,
)

from .exit_codes import ExitCode
from .json_explanation import explanation_json
from .output import Output
from .render_failure import render_explanation
from .targets import UsageError


def _one_line(explanation: Explanation) -> str:
    return f"  {explanation.code!s:>6}  {explanation.name:<44} {explanation.meaning}"


def run_explain(args: argparse.Namespace, output: Output) -> int:
    if args.code is None:
        return _list_all(args, output)
    try:
        code = int(args.code.strip())
    except ValueError:
        raise UsageError(f"{args.code!r} is not a code: give a whole number such as 3901") from None
    found = explain_code(code)
    if not found:
        return _unknown(code, args, output)
    if args.json:
        output.json([explanation_json(explanation) for explanation in found])
        return ExitCode.OK
    lines: list[str] = []
    for explanation in found:
        if lines:
            lines.append("")
        lines.extend(render_explanation(explanation, output.style))
    output.lines(lines)
    return ExitCode.OK


def _unknown(code: int, args: argparse.Namespace, output: Output) -> int:
    """No documented meaning: said, with the codes it was most likely meant to be."""
    nearest = [entry for number in nearest_codes(code) for entry in explain_code(number)]
    if args.json:
        output.json(
            {
                "code": code,
                "known": False,
                "nearest": [explanation_json(explanation) for explanation in nearest],
            }
        )
        return ExitCode.USAGE
    lines = [
        f"{code} is not a documented code: neither the server nor the client SDK has it.",
        "The nearest documented codes:",
        *(_one_line(explanation) for explanation in nearest),
        "",
        "`nowgg-console explain` lists every code.",
    ]
    output.lines(lines)
    return ExitCode.USAGE


def _list_all(args: argparse.Namespace, output: Output) -> int:
    if args.json:
        output.json(
            {
                "server": [explanation_json(explanation) for explanation in server_codes()],
                "clientSdk": [explanation_json(explanation) for explanation in client_codes()],
            }
        )
        return ExitCode.OK
    lines = [output.style.paint("Server codes (the reply's `code`):", "bold")]
    lines += [_one_line(explanation) for explanation in server_codes()]
    lines += [
        "",
        output.style.paint(
            "Client SDK codes (BillingResponse, seen in game logs and tickets; never sent by "
            "the server):",
            "bold",
        ),
    ]
    lines += [_one_line(explanation) for explanation in client_codes()]
    lines += ["", "`nowgg-console explain CODE` gives causes and next steps."]
    output.lines(lines)
    return ExitCode.OK
