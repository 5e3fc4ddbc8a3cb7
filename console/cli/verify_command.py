"""`nowgg-console verify TOKEN`: what now.gg says about a purchase, in words."""

from __future__ import annotations

import argparse

from console.payments import PasteKind, recognise
from console.text_safety import printable

from .common import open_desk
from .exit_codes import ExitCode
from .one_shot import OneShot
from .output import Output
from .style import Style

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Coroutine
    from typing import Any

    from console.desk import Identified, LookupOutcome
    from console.desk.team_activity import OthersTouched
    from console.desk.workspace import Elsewhere, Workspace

# Each output's modules load only for it: the JSON ones with --json, the words otherwise, and
# the exit code's mapping on a failure (tests/test_command_start.py keeps it).


def run_verify(args: argparse.Namespace, output: Output) -> OneShot | Coroutine[Any, Any, int]:
    """One request (two for a host answering on the other path spelling) is a one-shot
    command: its blocking client and inline steps start faster, without an event loop
    (one_shot.py). `--all-envs` asks every environment at once, on asyncio."""
    if args.all_envs:
        return _verify(args, output, one_shot=False)
    return OneShot(_verify(args, output, one_shot=True))


async def _verify(args: argparse.Namespace, output: Output, *, one_shot: bool) -> int:
    elsewhere: list[Elsewhere] = []
    others: OthersTouched | None = None
    async with open_desk(args, output, one_shot=one_shot) as (workspace, desk):
        # Its entry is written once the reply is in: SQLite opens meanwhile.
        workspace.open_history_soon()
        # An order id, a code, …: said instead of sent (`--as-token` sends it as typed).
        recognised = recognise(args.token)
        if recognised.said_before_sending and (recognised.never_sent or not args.as_token):
            from console.desk import identify  # only for text that is not sent

            return _not_sent(await identify(workspace, args.token), args, output)
        query = desk.read_query(
            args.token, store=args.store, product_id=args.product_id, currency=args.currency
        )
        outcome = await desk.lookup(query, note=args.note)
        others = await _others_touched(workspace, outcome)
        if args.all_envs and outcome.query is not None:
            elsewhere = await workspace.lookup_elsewhere(
                outcome.query, exclude=desk.environment.name, note=args.note
            )
    if args.json:
        from .json_output import lookup_json

        body = lookup_json(outcome)
        if args.all_envs:
            body["elsewhere"] = [_elsewhere_json(item) for item in elsewhere]
        body["touchedBy"] = _touched_json(others)
        output.json(body)
    else:
        from .render_lookup import render_lookup

        lines = render_lookup(outcome, output.style)
        if others is not None and not others.empty:
            lines += ["", *_render_touched(others, output.style)]
        if args.all_envs:
            lines += ["", *_render_elsewhere(elsewhere, output.style)]
        output.lines(lines)
    # The exit code is the asked environment's, as `verify` alone would give: a 3901 here is
    # exit 1 even when the purchase exists elsewhere (`elsewhere` says where).
    if outcome.failure is None:
        return ExitCode.OK
    from .outcome_codes import exit_code_for_failure

    return exit_code_for_failure(outcome.failure)


async def _others_touched(workspace: Workspace, outcome: LookupOutcome) -> OthersTouched | None:
    """Who else touched this purchase (team_activity.py); None when the history cannot say
    (it is off, or cannot be read now: the lookup itself stands)."""
    from console.history import HistoryUnavailable

    try:
        return await workspace.others_touched(outcome)
    except HistoryUnavailable:
        return None


def _render_touched(others: OthersTouched, style: Style) -> list[str]:
    lines = [style.paint("Also touched (history):", "bold")]
    return lines + [f"  {printable(line)}" for line in others.lines()]


def _touched_json(others: OthersTouched | None) -> dict[str, object] | None:
    if others is None:
        return None
    return {
        "entries": [
            {
                "entry": touch.entry.id,
                "action": touch.entry.action.value,
                "outcome": touch.entry.outcome.value,
                "pending": touch.entry.pending,
                "spooled": touch.entry.spooled,
                "operator": touch.entry.operator,
                "at": touch.entry.at.isoformat(),
                "environment": touch.entry.environment,
                "ticket": touch.entry.note,
                "words": touch.words,
            }
            for touch in others.touches
        ],
        "more": others.more,
    }


def _not_sent(identified: Identified, args: argparse.Namespace, output: Output) -> int:
    """Nothing was sent: what the text is, and how to send it anyway."""
    from .render_identified import identified_json, render_identified

    if args.json:
        output.json({"ok": False, "sent": False, "identified": identified_json(identified)})
        return ExitCode.USAGE
    lines = render_identified(identified, output.style)
    if identified.recognised.kind is not PasteKind.EMAIL:
        lines += ["", "Nothing was sent. To send it as typed anyway: verify --as-token …"]
    else:
        lines += ["", "Nothing was sent: an e-mail address is never sent to now.gg."]
    output.lines(lines)
    return ExitCode.USAGE


def _elsewhere_json(item: Elsewhere) -> dict[str, object]:
    from .json_output import lookup_json

    return {
        "environment": item.environment.name,
        "found": item.found,
        "skipped": item.skipped,
        "result": lookup_json(item.outcome) if item.outcome else None,
    }


def _render_elsewhere(elsewhere: list[Elsewhere], style: Style) -> list[str]:
    lines = [style.paint("In the other environments:", "bold")]
    if not elsewhere:
        lines.append("  (there are no other environments)")
    width = max((len(item.environment.name) for item in elsewhere), default=0)
    for item in elsewhere:
        name = printable(item.environment.name).ljust(width)
        if item.outcome is None:
            lines.append(style.paint(f"  {name}  skipped: {printable(item.skipped or '')}", "dim"))
        elif item.outcome.decoded is not None:
            headline = printable(item.outcome.decoded.headline)
            lines.append(style.paint(f"  {name}  FOUND: {headline}", "good"))
        elif item.outcome.failure is not None:
            lines.append(f"  {name}  not there: {printable(item.outcome.failure.reason)}")
    return lines
