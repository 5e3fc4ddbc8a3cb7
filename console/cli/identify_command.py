"""`nowgg-console identify TEXT`: what a ticket's text is, in words; nothing is sent.

For a now.gg order id the history is searched for the tokens seen with it (now.gg cannot be
asked by order id)."""

from __future__ import annotations

import argparse

from console.desk import identify

from .common import open_workspace
from .exit_codes import ExitCode
from .output import Output
from .render_identified import identified_json, render_identified


async def run_identify(args: argparse.Namespace, output: Output) -> int:
    async with open_workspace(output) as workspace:
        identified = await identify(workspace, args.text)
    if args.json:
        output.json(identified_json(identified))
    else:
        output.lines(render_identified(identified, output.style))
    return ExitCode.OK
