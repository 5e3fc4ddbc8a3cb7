"""`nowgg-console explain [CODE]`: what an error code means, offline."""

from __future__ import annotations

import argparse

from console.payments import Explanation, client_codes, explain_code, server_codes

from .common import Output, SubCommands
from .exit_codes import ExitCode
from .json_output import explanation_json
from .render_failure import render_explanation
from .targets import UsageError


def add_parser(commands: SubCommands) -> None:
    parser = commands.add_parser(
        "explain",
        help="explain an error code (server or client SDK); without a code, list them all",
        description="Explain a now.gg error code: name, meaning, likely causes, next steps, and "
        "whether retrying is safe. Server codes and the client SDK's codes are kept apart "
        "(their numbers overlap). Without a code, list every code.",
    )
    parser.add_argument("code", nargs="?", help="the code, e.g. 3901 or -1")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run_explain)


def _one_line(explanation: Explanation) -> str:
    return f"  {explanation.code!s:>6}  {explanation.name:<44} {explanation.meaning}"


async def run_explain(args: argparse.Namespace, output: Output) -> int:
    if args.code is None:
        return _list_all(args, output)
    try:
        code = int(args.code.strip())
    except ValueError:
        raise UsageError(f"{args.code!r} is not a code: give a whole number such as 3901") from None
    found = explain_code(code)
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
